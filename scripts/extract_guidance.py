"""Write pipeline/forms/2026/template_guidance.json: the report templates' guidance paragraphs.

    python scripts/extract_guidance.py ../shared/reference/forms-2026.txt

The guidance ("内容包括…", "介绍建立的…", "注：申报AAA级…") tells applicants what to write;
left in a report it is template text, not an answer (G-04). Run again when the forms change.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = (Path(__file__).resolve().parent.parent / "pipeline" / "forms" / "2026"
       / "template_guidance.json")
HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?\d+[.)）]|"
                     r"[（(]\d+[)）])")
MIN_CHARS = 20


def guidance(text: str) -> list[str]:
    a_start = text.index("***企业（产品、工程、服务）市场质量信用工作报告")
    a_end = text.index("— 4 —", a_start)
    b_start = text.index("交通行业企业用户满意经营实践报告（服务类模板）")
    out: list[str] = []
    for block in (text[a_start:a_end], text[b_start:]):
        for line in block.splitlines():
            line = line.strip()
            heading_like = (HEADING.match(line) or line.startswith("、") or "字）" in line
                            or line.endswith("模板）"))
            if len(line) >= MIN_CHARS and not heading_like and line not in out:
                out.append(line)
    return out


def main() -> None:
    source = Path(sys.argv[1])
    lines = guidance(source.read_text(encoding="utf-8"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"source": "forms-2026.txt", "paragraphs": lines},
                              ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(lines)} guidance paragraphs → {OUT}")


if __name__ == "__main__":
    main()
