from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, intake_findings, rule
from pipeline.core.model import Packet


@rule("G-06", name="文件无法打开", severity="error", schemes="AB?",
      clause="（通用）所有报送材料须能打开阅读：损坏、加密或不支持的文件视为未提交。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: every file of the packet opens — archives unpack, Word/PDF/image files
    parse. A corrupt, encrypted or unsupported file is reported by name with the reason; the
    rest of the packet is still checked.
    A scan or PDF page that was not read (past ocr_max_pages) or only partly read (its OCR
    budget, ocr_page_budget_s / ocr_page_max_calls, ran out) is a notice naming the pages.
    When unsure: only a file that really failed to open (with the reason) is an error; a
    page read in part is a 请人工核对 notice, never an error.
    Why: a file the committee cannot open counts as not submitted.
    Failing example: "承诺书.docx" cut off half way (a truncated zip).
    Passing example: every file opens.
    Config: none.
    """
    yield from intake_findings(ctx, "G-06")
    for doc in packet.documents:
        read = doc.document
        for pages, what in ((read.skipped_pages, "超过逐页识别的页数上限，未识别"),
                            (read.partial_pages, "识别用时或次数超出每页预算，只识别了一部分")):
            if pages:
                listed = "、".join(f"第{n}页" for n in pages[:20]) + ("等" if len(pages) > 20 else "")
                yield Finding(f"“{doc.source.name}”{listed}{what}。", file=doc.source.name,
                              review=True, confidence=0.5,
                              evidence=f"共 {len(pages)} 页；其余页照常检查")
