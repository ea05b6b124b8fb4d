"""Page numbers as the pages show them: which pages carry one, and whether it stands centred
at the bottom, as 用户满意经营实践报告编写要求 prescribes for the 实践报告."""

from __future__ import annotations

from pipeline.core.model import Document, PageNumbers
from pipeline.forms.volume import printed_page_numbers

# parts whose Word files are laid out (LibreOffice) before the rules run, for their pages
LAID_OUT_PARTS = ("实践报告",)
CENTRE_TOLERANCE_PT = 20.0  # about a character and a half of 四号 either side of the middle
A4_WIDTH_PT = 595.0


def placement(document: Document, page_width: float | None) -> PageNumbers:
    """The page numbers `document` shows; `page_width` in the unit of its boxes."""
    width = A4_WIDTH_PT if page_width is None else page_width
    numbers = printed_page_numbers(document)
    centred: list[int] = []
    elsewhere: dict[int, str] = {}
    for page, number in sorted(numbers.items()):
        box = number.block.location.bbox
        where = number.block.location.container
        if box is None:
            continue
        offset = (box[0] + box[2]) / 2 - width / 2
        if where == "footer" and abs(offset) <= CENTRE_TOLERANCE_PT:
            centred.append(page)
        else:
            side = "居中" if abs(offset) <= CENTRE_TOLERANCE_PT else ("左侧" if offset < 0 else "右侧")
            elsewhere[page] = ("页脚" if where == "footer" else "页眉") + side
    return PageNumbers(pages=document.pages or 0, numbered=sorted(numbers),
                       centred_bottom=centred, elsewhere=elsewhere)
