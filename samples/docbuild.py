"""python-docx helpers that lay out the official forms: titles, label/value tables, seals."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image

# A row is a list of (text, grid columns it spans).
Row = Sequence[tuple[str, int]]


def new_document(body_font: str = "仿宋_GB2312", size_pt: float = 16) -> DocxDocument:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(size_pt)
    normal.font.name = body_font
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), body_font)
    return doc


def title(doc: DocxDocument, text: str, size_pt: float = 22, bold: bool = True) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(size_pt)
    run.font.name = "方正小标宋简体"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")


def heading(doc: DocxDocument, text: str, level: int) -> None:
    doc.add_heading(text, level=level)


def para(doc: DocxDocument, text: str, indent: bool = True) -> None:
    p = doc.add_paragraph(text)
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)


def form_table(doc: DocxDocument, rows: Sequence[Row], n_cols: int):
    table = doc.add_table(rows=len(rows), cols=n_cols)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        col = 0
        for text, span in row:
            cell = table.cell(r, col)
            if span > 1:
                cell = cell.merge(table.cell(r, col + span - 1))
            cell.text = text
            col += span
    return table


def seal_picture(doc_or_cell, image: Image.Image, width_cm: float = 4.0) -> None:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    paragraph = doc_or_cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run().add_picture(buf, width=Cm(width_cm))
