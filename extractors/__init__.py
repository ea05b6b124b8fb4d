"""Extractors: one source file in, one pipeline.core.model.Document out."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.errors import UnreadableFileError
from pipeline.core.model import Document, SourceFile
from pipeline.core.settings import Settings
from pipeline.intake.sniff import IMAGE_KINDS

READABLE_KINDS = {"docx", "doc", "wps", "rtf", "pdf", "xlsx"} | IMAGE_KINDS


def extract(source: SourceFile, settings: Settings) -> Document:
    """Read `source` into the document model; raises UnreadableFileError with a reason."""
    path = Path(source.readable_path or source.stored_path)
    if source.kind in {"docx", "doc", "wps", "rtf"}:
        if source.kind != "docx" and not source.readable_path:
            raise UnreadableFileError("文件未能转换为 .docx")
        from extractors.docx import extract_docx

        return extract_docx(path, source.name, source.sha256, settings.ocr_cache_dir,
                            settings.ocr_ring_engine)
    if source.kind == "pdf":
        from extractors.pdf import extract_pdf

        return extract_pdf(path, source.name, source.sha256, settings)
    if source.kind == "xlsx":
        from extractors.xlsx import extract_xlsx

        return extract_xlsx(path, source.name, source.sha256)
    if source.kind in IMAGE_KINDS:
        from extractors.scan import extract_image

        return extract_image(path, source.name, source.sha256, source.kind, settings)
    raise UnreadableFileError(f"不支持的文件类型（{source.kind}）")
