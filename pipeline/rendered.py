"""Page facts of a Word file, read off its rendering (LibreOffice → PDF, cached by SHA-256).

A Word file has no pages until it is laid out. Where a check needs what the printed page
shows (is there a page number, and is it centred at the bottom), the file is rendered and
the rendering read like any PDF. Fonts missing on this machine change line breaks, not
whether a footer carries a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.convert import ConversionFailed, to_pdf
from pipeline.errors import MissingDependencyError
from pipeline.model import Document, SourceFile
from pipeline.settings import Settings
from pipeline.volume import printed_page_numbers

CENTRE_TOLERANCE_PT = 20.0  # about a character and a half of 四号 either side of the middle


@dataclass(frozen=True)
class PageNumberPlacement:
    pages: int  # pages in the document (rendered or as sent)
    numbered: list[int]  # pages that show a number
    centred_bottom: list[int]  # of those, the ones with the number centred in the footer
    elsewhere: dict[int, str]  # page → where its number is instead ("页眉", "页脚左侧" …)


def placement(document: Document, page_width: float) -> PageNumberPlacement:
    numbers = printed_page_numbers(document)
    centred: list[int] = []
    elsewhere: dict[int, str] = {}
    for page, number in sorted(numbers.items()):
        box = number.block.location.bbox
        where = number.block.location.container
        if box is None:
            continue
        offset = (box[0] + box[2]) / 2 - page_width / 2
        if where == "footer" and abs(offset) <= CENTRE_TOLERANCE_PT:
            centred.append(page)
        else:
            side = "居中" if abs(offset) <= CENTRE_TOLERANCE_PT else ("左侧" if offset < 0 else "右侧")
            elsewhere[page] = ("页脚" if where == "footer" else "页眉") + side
    return PageNumberPlacement(pages=document.pages or 0, numbered=sorted(numbers),
                               centred_bottom=centred, elsewhere=elsewhere)


def rendered_document(source: SourceFile, settings: Settings) -> tuple[Document, float] | None:
    """The Word file laid out by LibreOffice and read back; None when it cannot be."""
    from extractors.pdf import extract_pdf
    from pipeline.isolate import can_isolate, run_limited

    path = Path(source.readable_path or source.stored_path)
    try:
        pdf = to_pdf(path, "docx", source.sha256, settings.rendered_dir, settings.soffice,
                     settings.libreoffice_timeout_s)
    except (ConversionFailed, MissingDependencyError):
        return None
    if not settings.doc_isolation or not can_isolate():
        return extract_pdf(pdf, source.name, source.sha256, settings), pdf_page_width(pdf)
    # read under the same time and memory limits as the packet's own files: the layout is
    # of an applicant's file
    outcome = run_limited(_read_rendered, (pdf, source.name, source.sha256, settings),
                          settings.doc_time_limit_s, settings.doc_memory_limit_mb)
    return outcome.value if outcome.status == "ok" else None


def _read_rendered(pdf: Path, name: str, sha256: str, settings: Settings
                   ) -> tuple[Document, float]:
    from extractors.pdf import extract_pdf

    return extract_pdf(pdf, name, sha256, settings), pdf_page_width(pdf)


def pdf_page_width(path: Path) -> float:
    import pdfplumber

    with pdfplumber.open(path) as opened:
        return float(opened.pages[0].width) if opened.pages else 595.0
