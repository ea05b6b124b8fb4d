"""Page facts of a Word file, read off its rendering (LibreOffice → PDF, cached by SHA-256).

A Word file has no pages until it is laid out. Where a check needs what the printed page
shows (is there a page number, and is it centred at the bottom), the file is rendered and
the rendering read like any PDF, before the rules run. Fonts missing on this machine change
line breaks, not whether a footer carries a number.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.errors import MissingDependencyError
from pipeline.core.model import Document, PageNumbers, SourceFile
from pipeline.core.settings import Settings
from pipeline.forms.page_numbers import placement
from pipeline.intake.convert import ConversionFailed, to_pdf


def laid_out_page_numbers(source: SourceFile, settings: Settings) -> PageNumbers | None:
    """The page numbers of the Word file as laid out; None when it cannot be laid out."""
    document = rendered_document(source, settings)
    return None if document is None else placement(document, document.page_width)


def rendered_document(source: SourceFile, settings: Settings) -> Document | None:
    """The Word file laid out by LibreOffice and read back; None when it cannot be."""
    from extractors.pdf import extract_pdf
    from pipeline.core.isolate import can_isolate, run_limited

    path = Path(source.readable_path or source.stored_path)
    try:
        pdf = to_pdf(path, "docx", source.sha256, settings.rendered_dir, settings.soffice,
                     settings.libreoffice_timeout_s)
    except (ConversionFailed, MissingDependencyError):
        return None
    if not settings.doc_isolation or not can_isolate():
        return extract_pdf(pdf, source.name, source.sha256, settings)
    # read under the same time and memory limits as the packet's own files: the layout is
    # of an applicant's file
    outcome = run_limited(extract_pdf, (pdf, source.name, source.sha256, settings),
                          settings.doc_time_limit_s, settings.doc_memory_limit_mb)
    return outcome.value if outcome.status == "ok" else None
