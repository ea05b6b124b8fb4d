"""PDF extractor, first version: text layer through pdfplumber, OCR for pages without one.

Lines become blocks with page, box, font name and size; pdfplumber's table finder gives
cell grids. Issue 4 adds scan routing by quality, font-name decoding and caching.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from pipeline.errors import UnreadableFileError
from pipeline.model import Block, Cell, ContentItem, Document, Image, Location, Style, Table
from pipeline.settings import Settings

MIN_TEXT_CHARS = 10  # fewer characters on a page: treat it as a scan


def _page_blocks(page: pdfplumber.page.Page, name: str, page_no: int) -> list[Block]:
    blocks: list[Block] = []
    for line in page.extract_text_lines(return_chars=True):
        text = line["text"].strip()
        if not text:
            continue
        chars = line.get("chars") or []
        first = chars[0] if chars else {}
        style = Style(font_east_asia=first.get("fontname"), size_pt=round(first.get("size", 0), 1)
                      if first else None)
        bbox = (line["x0"], line["top"], line["x1"], line["bottom"])
        blocks.append(Block(text=text, style=style,
                            location=Location(file=name, page=page_no, bbox=bbox)))
    return blocks


def _page_tables(page: pdfplumber.page.Page, name: str, page_no: int, start: int) -> list[Table]:
    tables: list[Table] = []
    for offset, found in enumerate(page.find_tables()):
        index = start + offset
        rows = found.extract()
        cells = [
            Cell(text=(txt or "").strip(), row=r, col=c,
                 location=Location(file=name, page=page_no, table=index, row=r + 1, col=c + 1))
            for r, row in enumerate(rows) for c, txt in enumerate(row) if txt is not None
        ]
        n_cols = max((len(r) for r in rows), default=0)
        tables.append(Table(index=index, n_rows=len(rows), n_cols=n_cols, cells=cells,
                            location=Location(file=name, page=page_no, table=index,
                                              bbox=tuple(found.bbox))))
    return tables


def _is_password_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, PDFPasswordIncorrect) or any(
                isinstance(a, PDFPasswordIncorrect) for a in getattr(seen, "args", ())):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def extract_pdf(path: Path, name: str, sha256: str, settings: Settings) -> Document:
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfplumber wraps pdfminer's many error types
        if _is_password_error(exc):
            raise UnreadableFileError("PDF 文件已加密（设置了打开密码），无法读取") from exc
        raise UnreadableFileError(f"PDF 文件已损坏：{str(exc)[:150] or type(exc).__name__}") from exc
    content: list[ContentItem] = []
    images: list[Image] = []
    ocr_pages: list[int] = []
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:  # pdfminer raises many unrelated types on broken files
            raise UnreadableFileError(f"PDF 文件已损坏：{str(exc)[:150]}") from exc
        table_no = 0
        for page_no, page in enumerate(pages, start=1):
            text = page.extract_text() or ""
            if len(text.strip()) >= MIN_TEXT_CHARS:
                content.extend(_page_blocks(page, name, page_no))
                tables = _page_tables(page, name, page_no, table_no + 1)
                table_no += len(tables)
                content.extend(tables)
            elif len(ocr_pages) < settings.ocr_max_pages:
                from extractors.scan import ocr_image, page_image

                image = page.to_image(resolution=200).original
                images.append(page_image(image, name, page_no))
                content.extend(ocr_image(image, name, page_no, settings))
                ocr_pages.append(page_no)
    return Document(file=name, sha256=sha256, kind="pdf", pages=len(pages), content=content,
                    images=images, ocr_pages=ocr_pages)
