"""Word (.docx) extractor: paragraphs, headings, tables as grids, text boxes, images.

First version (issue 2): text, structure and provenance. Effective formatting through the
full inheritance chain is issue 3; `Style` carries the style name and direct run fonts.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from extractors._ooxml import (
    NS,
    image_rel_ids,
    outline_level,
    paragraph_text,
    qn,
    textbox_paragraphs,
)
from pipeline.errors import UnreadableFileError
from pipeline.model import Block, Cell, ContentItem, Document, Image, Location, Style, Table

# Cells can sit inside content controls or custom XML wrappers.
_ROW_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc", namespaces=NS)
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _style_info(document: docx.document.Document) -> tuple[dict[str, int], dict[str, str]]:
    """Outline level per paragraph style id (following basedOn) and style id → name."""
    styles_el = document.styles.element
    raw_level: dict[str, int | None] = {}
    based_on: dict[str, str] = {}
    names: dict[str, str] = {}
    for st in styles_el.findall("w:style", NS):
        if st.get(qn("w:type")) != "paragraph":
            continue
        sid = st.get(qn("w:styleId"), "")
        name_el = st.find("w:name", NS)
        name = name_el.get(qn("w:val"), "") if name_el is not None else ""
        names[sid] = name
        lvl = st.find("w:pPr/w:outlineLvl", NS)
        level = None
        if lvl is not None and int(lvl.get(qn("w:val"), "9")) < 9:
            level = int(lvl.get(qn("w:val"), "9")) + 1
        else:
            m = _HEADING_NAME.match(name.strip())
            level = int(m.group(1)) if m else None
        raw_level[sid] = level
        base = st.find("w:basedOn", NS)
        if base is not None:
            based_on[sid] = base.get(qn("w:val"), "")
    levels: dict[str, int] = {}
    for sid in raw_level:
        seen, cur = set(), sid
        while cur and cur not in seen:
            seen.add(cur)
            if raw_level.get(cur) is not None:
                levels[sid] = raw_level[cur]  # type: ignore[assignment]
                break
            cur = based_on.get(cur, "")
    return levels, names


def _half_points(val: str | None) -> float | None:
    try:
        return int(val) / 2 if val else None
    except ValueError:
        return None


class _DocxReader:
    def __init__(self, path: Path, name: str, sha256: str) -> None:
        try:
            self.doc = docx.Document(str(path))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
                etree.XMLSyntaxError) as exc:
            raise UnreadableFileError(f"Word 文件已损坏或格式不正确：{str(exc)[:150]}") from exc
        self.name = name
        self.sha256 = sha256
        self.levels, self.style_names = _style_info(self.doc)
        self.content: list[ContentItem] = []
        self.images: list[Image] = []
        self.paragraph_no = 0
        self.table_no = 0
        self.part = self.doc.part

    def read(self) -> Document:
        body = self.doc.element.body
        self._walk_body(body)
        return Document(file=self.name, sha256=self.sha256, kind="docx", content=self.content,
                        images=self.images)

    def _walk_body(self, container: etree._Element) -> None:
        for child in container:
            if child.tag == qn("w:p"):
                self._paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.content.append(self._table(child))
            elif child.tag in (qn("w:sdt"), qn("w:customXml")):
                inner = child.find("w:sdtContent", NS) if child.tag == qn("w:sdt") else child
                if inner is not None:
                    self._walk_body(inner)

    def _style(self, p: etree._Element) -> Style:
        sid_el = p.find("w:pPr/w:pStyle", NS)
        sid = sid_el.get(qn("w:val")) if sid_el is not None else None
        style = Style(style_name=self.style_names.get(sid or "", sid))
        run = next((r for r in p.iter(qn("w:r")) if r.find("w:t", NS) is not None), None)
        if run is not None:
            fonts = run.find("w:rPr/w:rFonts", NS)
            if fonts is not None:
                style.font_east_asia = fonts.get(qn("w:eastAsia"))
                style.font_ascii = fonts.get(qn("w:ascii"))
            size = run.find("w:rPr/w:sz", NS)
            if size is not None:
                style.size_pt = _half_points(size.get(qn("w:val")))
            bold = run.find("w:rPr/w:b", NS)
            if bold is not None:
                style.bold = bold.get(qn("w:val"), "true") not in ("0", "false")
        jc = p.find("w:pPr/w:jc", NS)
        if jc is not None:
            style.alignment = jc.get(qn("w:val"))
        return style

    def _paragraph(self, p: etree._Element) -> None:
        self.paragraph_no += 1
        loc = Location(file=self.name, paragraph=self.paragraph_no, container="body")
        self.content.append(Block(text=paragraph_text(p), style=self._style(p), location=loc,
                                  heading_level=outline_level(p, self.levels)))
        self._images(p, loc)
        for box_p in textbox_paragraphs(p):
            box_loc = Location(file=self.name, paragraph=self.paragraph_no, container="textbox")
            self.content.append(Block(text=paragraph_text(box_p), style=self._style(box_p),
                                      location=box_loc,
                                      heading_level=outline_level(box_p, self.levels)))

    def _images(self, el: etree._Element, loc: Location) -> None:
        for rid in image_rel_ids(el):
            rel = self.part.rels.get(rid)
            if rel is None or rel.is_external:
                continue
            blob = rel.target_part.blob
            self.images.append(Image(
                name=str(rel.target_part.partname), sha256=hashlib.sha256(blob).hexdigest(),
                content_type=rel.target_part.content_type, location=loc))

    def _cell_text(self, tc: etree._Element) -> str:
        lines: list[str] = []
        for el in tc.iter(qn("w:p")):
            # nested tables' paragraphs are included: the cell shows them
            if any(a.tag == qn("w:txbxContent") for a in el.iterancestors()):
                continue
            lines.append(paragraph_text(el))
        return "\n".join(lines).strip("\n")

    def _table(self, tbl: etree._Element) -> Table:
        self.table_no += 1
        index = self.table_no
        cells: list[Cell] = []
        open_vmerge: dict[int, Cell] = {}  # grid column → origin cell of a running vMerge
        n_cols = len(tbl.findall("w:tblGrid/w:gridCol", NS))
        rows = tbl.findall("w:tr", NS)
        for r, tr in enumerate(rows):
            before = tr.find("w:trPr/w:gridBefore", NS)
            col = int(before.get(qn("w:val"), "0")) if before is not None else 0
            tcs = _ROW_CELLS(tr)
            for tc in tcs:
                span_el = tc.find("w:tcPr/w:gridSpan", NS)
                span = int(span_el.get(qn("w:val"), "1")) if span_el is not None else 1
                vmerge = tc.find("w:tcPr/w:vMerge", NS)
                vval = vmerge.get(qn("w:val"), "continue") if vmerge is not None else None
                if vval == "continue" and col in open_vmerge:
                    origin = open_vmerge[col]
                    origin.row_span = r - origin.row + 1
                    extra = self._cell_text(tc)
                    if extra:
                        origin.text = f"{origin.text}\n{extra}" if origin.text else extra
                else:
                    loc = Location(file=self.name, table=index, row=r + 1, col=col + 1)
                    cell = Cell(text=self._cell_text(tc), row=r, col=col, col_span=span,
                                location=loc)
                    cells.append(cell)
                    if vval == "restart":
                        open_vmerge[col] = cell
                    else:
                        open_vmerge.pop(col, None)
                    self._images(tc, loc)
                col += span
            n_cols = max(n_cols, col)
        return Table(index=index, n_rows=len(rows), n_cols=n_cols, cells=cells,
                     location=Location(file=self.name, table=index,
                                       paragraph=self.paragraph_no or None))


def extract_docx(path: Path, name: str, sha256: str) -> Document:
    try:
        return _DocxReader(path, name, sha256).read()
    except UnreadableFileError:
        raise
    except (etree.XMLSyntaxError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise UnreadableFileError(f"Word 文件内容无法解析：{str(exc)[:150]}") from exc
