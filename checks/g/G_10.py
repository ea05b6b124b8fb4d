from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from pipeline.core.model import Location, Packet

# Text rows lower than this (pixels of the picture as sent) cannot be read reliably: 小四
# (12 pt) at 72 dpi. A normal 200–300 dpi scan has rows of 30–50 px.
MIN_LEGIBLE_TEXT_PX = 12


@rule("G-10", name="扫描件分辨率过低", severity="warning", schemes="AB?", confidence=0.9,
      clause="（新增）承诺书：“复印（扫描）件与原内容一致”：扫描件须清晰可辨。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: every page read by OCR (image files, scanned PDF pages) arrived at a
    resolution at which its text can be read: its text rows are at least 12 pixels high in
    the picture as sent (for a PDF, at the resolution the picture is embedded at).
    When unsure: measures the text height of the page; pages with no measurable text are not
    reported.
    Why: not in REQUIREMENTS.md; added because a thumbnail-sized scan (a 354×500 photo of
    an A4 contract) cannot be checked at all: its text, seals' ring text and the signing
    places cannot be read, so the other rules can say nothing reliable about that page.
    The pledges state that copies and scans are true to the original, which a reviewer
    can only see on a legible scan.
    Failing example: a scanned 营业执照 whose text rows are 6 px high (a 354×500 photo of an A4
    page).
    Passing example: the same page scanned at 200 dpi (rows about 35 px).
    Config: none.
    """
    for doc in packet.documents:
        for scan in doc.document.scan_pages:
            if not 0 < scan.text_px < MIN_LEGIBLE_TEXT_PX:
                continue
            dpi = f"，图片约 {scan.dpi:.0f} dpi" if scan.dpi else ""
            yield Finding(
                f"{doc.source.name} 第 {scan.page} 页扫描分辨率过低（正文字高约 {scan.text_px} "
                f"像素{dpi}），文字、印章和签字无法可靠识别，本页的检查结果仅供参考；"
                "请以 200 dpi 以上重新扫描后提交。",
                file=doc.source.name, location=Location(file=doc.source.name, page=scan.page),
                evidence=f"正文字高约 {scan.text_px} 像素（可辨识至少需 {MIN_LEGIBLE_TEXT_PX} 像素）")
