"""python-docx helpers that lay out the official forms: titles, label/value tables, seals."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
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


def _east_asia_font(run, font: str) -> None:
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def title(doc: DocxDocument, text: str, size_pt: float = 22, bold: bool = True,
          font: str = "方正小标宋简体") -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = 1.0
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(size_pt)
    _east_asia_font(run, font)


def heading(doc: DocxDocument, text: str, level: int, font: str | None = None) -> None:
    h = doc.add_heading(text, level=level)
    if font:
        for run in h.runs:
            _east_asia_font(run, font)


def para(doc: DocxDocument, text: str, indent: bool = True, line_spacing: float | None = None,
         justify: bool = False, font: str | None = None, size_pt: float | None = None) -> None:
    """A body paragraph; `indent` is 首行缩进2字符 (firstLineChars=200, as Word writes it)."""
    p = doc.add_paragraph()
    run = p.add_run(text)
    if font:
        _east_asia_font(run, font)
    if size_pt:
        run.font.size = Pt(size_pt)
    if indent:
        ind = p._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), str(int((size_pt or 16) * 2 * 20)))
    if line_spacing:
        p.paragraph_format.line_spacing = line_spacing
    if justify:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def page_numbers(section, restart: bool = False) -> None:
    """A centred PAGE field in the section's footer; `restart` sets 起始页码 1."""
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    field.append(r)
    p._p.append(field)
    if restart:
        num = OxmlElement("w:pgNumType")
        num.set(qn("w:start"), "1")
        section._sectPr.append(num)


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


def signature_line(doc_or_cell, label: str, image: Image.Image, height_cm: float = 1.2) -> None:
    """A label followed by a signature picture on the same line, as a signed form shows."""
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    paragraph = doc_or_cell.add_paragraph()
    paragraph.add_run(label)
    paragraph.add_run().add_picture(buf, height=Cm(height_cm))


def seal_picture(doc_or_cell, image: Image.Image, width_cm: float = 4.0) -> None:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    paragraph = doc_or_cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run().add_picture(buf, width=Cm(width_cm))
