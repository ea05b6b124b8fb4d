from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import lru_cache

from checks.registry import Context, Finding, rule
from pipeline.core.model import Block, Packet, Table
from pipeline.core.textnorm import EMPTY_DATE, compact
from pipeline.forms.edition import Edition, edition_of

SIMILAR = 0.85
REPORT_PARTS = ("工作报告", "实践报告")
PLACEHOLDER = re.compile(r"\*{3}企业")  # the 工作报告 title as printed: "***企业（产品、工程、服务）…"


@lru_cache(maxsize=4)
def _guidance(edition: Edition) -> list[str]:
    """The edition's guidance paragraphs, compacted (the 工作报告 title line left out)."""
    return [compact(p) for p in edition.guidance if not p.startswith("***")]


def _template_text(text: str, edition: Edition) -> str | None:
    """The guidance paragraph `text` reproduces, if any (ratio ≥ SIMILAR)."""
    flat = compact(text)
    if len(flat) < 20:
        return None
    for guide in _guidance(edition):
        matcher = difflib.SequenceMatcher(None, flat, guide, autojunk=False)
        if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR \
                and matcher.ratio() >= SIMILAR:
            return guide
    return None


@rule("G-04", name="空白与日期已填写", severity="error", schemes="AB",
      clause="“年 月 日”须填写实际日期；表格中要求填写的栏目不得留空")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks (this version): every "年 月 日" placeholder in the Word files —
    under pledges, on covers, below tables, in table cells — carries a real date, i.e. no
    "年  月  日" with nothing between the characters is left ("填报日期：202 年  月  日"
    counts as empty). On scans and PDF pages a "年 月 日" line OCR reads without digits is
    filled if handwriting stands in and around it (more ink clusters along the line than
    printed characters), else a warning: OCR may have missed a faint date. In the reports
    (工作报告, 实践报告), the title left as "***企业" and the template's guidance paragraphs
    left in place (85 % alike or more) are errors too. Empty form fields are reported by
    each form's rule (A-APP-01, A-REC-04/05, B-APP-01).
    When unsure: a date or blank read by OCR that cannot be told filled or empty is a
    warning, not an error; instruction text kept beside an answer is not an unfilled blank.
    Why: the forms' 年 月 日 lines date the signature and seal.
    Failing example: the 承诺书's date left as "年 月 日".
    Passing example: "2026年3月10日" under each signature; the applicant's own text under each
    heading.
    Config: none.
    """
    for doc in packet.documents:
        for mark in doc.document.dates:  # scans and PDF pages: read at extraction
            if mark.kind == "empty":
                yield Finding("扫描件或 PDF 上“年 月 日”处未见填写的日期（印刷或手写），请核对。",
                              severity="warning", location=mark.location.model_copy(
                                  update={"bbox": mark.box}) if mark.box else mark.location,
                              evidence=f"识别为：{mark.text}",
                              part=doc.parts[0].part if doc.parts else None)
        if doc.document.kind != "docx":
            continue
        for item in doc.document.content:
            texts = [(item.text, item.location)] if isinstance(item, Block) else \
                [(c.text, c.location) for c in item.cells] if isinstance(item, Table) else []
            for text, location in texts:
                for line in text.split("\n"):
                    if EMPTY_DATE.search(line):
                        yield Finding("日期未填写：“年 月 日”处应填写实际日期。", location=location,
                                      evidence=line.strip()[:60],
                                      part=doc.parts[0].part if doc.parts else None)
        for part in REPORT_PARTS:
            for block in doc.items_of(part):
                if not isinstance(block, Block):
                    continue
                if PLACEHOLDER.search(block.text):
                    yield Finding("报告标题仍是模板中的“***企业”，未填写企业名称。",
                                  location=block.location, evidence=block.text.strip()[:60], part=part)
                elif guide := _template_text(block.text, edition_of(packet)):
                    yield Finding("模板中的说明文字未删除，应替换为本企业的实际内容。",
                                  location=block.location, part=part,
                                  evidence=f"与模板说明“{guide[:40]}…”相同或几乎相同")
