"""Word (.docx) extractor: paragraphs, headings, tables as grids, text boxes, images.

First version (issue 2): text, structure and provenance. Effective formatting through the
full inheritance chain is issue 3; `Style` carries the style name and direct run fonts.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree
from PIL import Image as PILImage

from extractors._ooxml import (
    NS,
    image_rel_ids,
    iter_runs,
    paragraph_text,
    qn,
    run_text,
    textbox_paragraphs,
)
from extractors._sections import read_sections
from extractors._styles import NumberingCounter, Props, StyleResolver
from extractors.marks import seals_in_picture, signatures_in_word
from extractors.seal_text import RingReader
from pipeline.core.errors import UnreadableFileError
from pipeline.core.model import (
    Block,
    Cell,
    ContentItem,
    Document,
    Image,
    Location,
    SealMark,
    Span,
    Style,
    Table,
)

# Cells can sit inside content controls or custom XML wrappers.
_ROW_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc", namespaces=NS)
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _related_element(part, reltype_suffix: str) -> etree._Element | None:
    """Root element of the part related by a relationship type ending in `reltype_suffix`."""
    for rel in part.rels.values():
        if rel.reltype.endswith(reltype_suffix) and not rel.is_external:
            target = rel.target_part
            element = getattr(target, "element", None)
            if element is not None:
                return element
            try:
                return etree.fromstring(target.blob, _SAFE_PARSER)
            except etree.XMLSyntaxError:
                return None
    return None


def _default_tab(settings: etree._Element) -> int:
    el = settings.find("w:defaultTabStop", NS)
    val = el.get(qn("w:val"), "420") if el is not None else "420"
    return int(val) if val.isdigit() and int(val) > 0 else 420


def _dominant(spans: list[Span], slots: tuple[str, ...], attr: str) -> object | None:
    weights: dict[object, int] = {}
    for span in spans:
        if span.slot in slots:
            key = getattr(span, attr)
            weights[key] = weights.get(key, 0) + len(span.text.strip())
    return max(weights, key=lambda k: weights[k]) if weights else None


def paragraph_style(ppr: Props, spans: list[Span], style_name: str | None) -> Style:
    """The paragraph's effective format, summarised from its resolved properties and spans."""
    visible = [s for s in spans if s.text.strip()]
    style = Style(style_name=style_name, alignment=ppr.get("jc"),
                  font_east_asia=_dominant(visible, ("eastAsia",), "font"),  # type: ignore[arg-type]
                  font_ascii=_dominant(visible, ("ascii", "hAnsi"), "font"),  # type: ignore[arg-type]
                  size_pt=_dominant(visible, ("eastAsia", "ascii", "hAnsi", "cs"), "size_pt"),  # type: ignore[arg-type]
                  bold=all(s.bold for s in visible) if visible else None)
    if "line" in ppr:
        rule = ppr.get("lineRule", "auto")
        style.line_rule = rule
        style.line_spacing = ppr["line"] / 240 if rule == "auto" else ppr["line"] / 20
    first = ppr.get("ind.first", {})
    if "firstLineChars" in first:
        style.first_line_chars = first["firstLineChars"] / 100
    elif "hangingChars" in first:
        style.first_line_chars = -first["hangingChars"] / 100
    if "firstLine" in first:
        style.first_line_pt = first["firstLine"] / 20
    elif "hanging" in first:
        style.first_line_pt = -first["hanging"] / 20
    if "before" in ppr:
        style.space_before_pt = ppr["before"] / 20
    if "after" in ppr:
        style.space_after_pt = ppr["after"] / 20
    return style


class _DocxReader:
    def __init__(self, path: Path, name: str, sha256: str, cache_dir: Path | None = None,
                 ring_engine: str = "ppocr"
                 ) -> None:
        try:
            self.doc = docx.Document(str(path))
        except PackageNotFoundError as exc:
            raise UnreadableFileError("不是有效的 Word 文件（可能已损坏或被截断）") from exc
        except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
            raise UnreadableFileError(f"Word 文件已损坏或格式不正确：{str(exc)[:150]}") from exc
        if self.doc.element.tag != qn("w:document"):  # bench/fuzz_atheris.py found this
            raise UnreadableFileError(
                "Word 文件已损坏：正文部分（word/document.xml）不是 Word 文档的格式"
                f"（根元素为 {etree.QName(self.doc.element).localname}，命名空间"
                f"“{etree.QName(self.doc.element).namespace or '无'}”）")
        self.name = name
        self.sha256 = sha256
        part = self.doc.part
        numbering = _related_element(part, "/numbering")
        self.resolver = StyleResolver(self.doc.styles.element, _related_element(part, "/theme"),
                                      self.doc.settings.element, numbering)
        self.counter = NumberingCounter(self.resolver.numbering)
        self.section = 1
        self.content: list[ContentItem] = []
        self.images: list[Image] = []
        self.seals: list[SealMark] = []
        self.rings = RingReader(cache_dir=cache_dir, engine=ring_engine)
        self.paragraph_no = 0
        self.table_no = 0
        self.part = self.doc.part

    def read(self) -> Document:
        body = self.doc.element.body
        self._walk_body(body)
        self.rings.read()
        settings = self.doc.settings.element
        return Document(file=self.name, sha256=self.sha256, kind="docx", content=self.content,
                        images=self.images, seals=self.seals,
                        signatures=signatures_in_word(self.content, self.images, self.seals),
                        sections=read_sections(body, self.part, self.resolver, _default_tab(settings)),
                        notes=self._notes(),
                        stats_include_notes=settings.find("w:doNotIncludeSubdocsInStats", NS) is None)

    def _notes(self) -> list[Block]:
        """Footnote and endnote paragraphs (Word counts them in 字数 by default)."""
        out: list[Block] = []
        for suffix, tag, container in (("/footnotes", "w:footnote", "footnote"),
                                       ("/endnotes", "w:endnote", "endnote")):
            element = _related_element(self.part, suffix)
            if element is None:
                continue
            for note in element.findall(tag, NS):
                if note.get(qn("w:type")) in ("separator", "continuationSeparator",
                                              "continuationNotice"):
                    continue
                note_id = f"{container}:{note.get(qn('w:id'))}"
                for p in note.iter(qn("w:p")):
                    block = self.block(p, Location(file=self.name, container=container))
                    block.note_id = note_id
                    out.append(block)
        return out

    def _walk_body(self, container: etree._Element) -> None:
        for child in container:
            if child.tag == qn("w:p"):
                self._paragraph(child)
            elif child.tag == qn("w:tbl"):
                table = self._table(child)
                if not self._continues_table(table):
                    self.content.append(table)
            elif child.tag in (qn("w:sdt"), qn("w:customXml")):
                inner = child.find("w:sdtContent", NS) if child.tag == qn("w:sdt") else child
                if inner is not None:
                    self._walk_body(inner)

    def _continues_table(self, tail: Table) -> bool:
        """A table split in two (Word's Split Table, or broken by hand at a page end) is
        one table: when `tail` follows a table of as many columns (two or more) with at most two empty
        paragraphs between, its rows are added to that table (a copied header row dropped)
        and True is returned. Its cells keep their own places in the document."""
        gap: list[Block] = []
        for item in reversed(self.content):
            if isinstance(item, Table):
                head = item
                break
            if item.text.strip() or item.location.container != "body" or len(gap) == 2:
                return False
            gap.append(item)
        else:
            return False
        pictures = {i.location.paragraph for i in self.images if i.location.table is None}
        # one-column tables are boxes of their own (a WPS form's 一、… 二、… sections)
        if head.n_cols != tail.n_cols or head.n_cols < 2 \
                or any(b.location.paragraph in pictures for b in gap):
            return False
        grid, first = head.grid(), tail.grid()
        skip = 1 if first and grid and _row_texts(first[0]) == _row_texts(grid[0]) else 0
        for cell in tail.cells:
            if cell.row < skip:
                continue
            cell.row += head.n_rows - skip
            head.cells.append(cell)
        head.n_rows += tail.n_rows - skip
        return True  # the empty paragraphs between stay: the model holds every paragraph

    def block(self, p: etree._Element, loc: Location, table_style: str | None = None) -> Block:
        """One paragraph with its text, spans, effective style, list label and level."""
        ppr, para_rpr = self.resolver.paragraph(p, table_style)
        runs = [(r, run_text(r, box)) for r, box in iter_runs(p)]
        spans = self.resolver.spans(runs, para_rpr)
        style_name = self.resolver.style_name(ppr.get("pStyle"))
        level = ppr.get("outlineLvl")
        heading_level = level + 1 if level is not None and level < 9 else None
        if heading_level is None and style_name:
            m = _HEADING_NAME.match(style_name.strip())
            heading_level = int(m.group(1)) if m else None
        label = self.counter.label(ppr.get("numId"), ppr.get("ilvl", 0)) if ppr.get("numId") \
            else None
        refs = [f"{kind}:{ref.get(qn('w:id'))}" for kind in ("footnote", "endnote")
                for ref in p.iter(qn(f"w:{kind}Reference"))]
        return Block(text="".join(text for _, text in runs), location=loc, label=label,
                     note_refs=refs,
                     heading_level=heading_level, spans=[Span(**vars(s)) for s in spans],
                     style=paragraph_style(ppr, spans, style_name))

    def _paragraph(self, p: etree._Element) -> None:
        self.paragraph_no += 1
        loc = Location(file=self.name, paragraph=self.paragraph_no, container="body",
                       section=self.section)
        block = self.block(p, loc)
        self.content.append(block)
        self._images(p, loc, block.text)
        for box_p in textbox_paragraphs(p):
            box_loc = Location(file=self.name, paragraph=self.paragraph_no, container="textbox",
                               section=self.section)
            self.content.append(self.block(box_p, box_loc))
        if p.find("w:pPr/w:sectPr", NS) is not None:
            self.section += 1  # this paragraph ends its section

    def _images(self, el: etree._Element, loc: Location, own_text: str = "") -> None:
        found = image_rel_ids(el)
        if not found:
            return
        near = own_text.strip() or next(
            (b.text.strip() for b in reversed(self.content) if isinstance(b, Block)
             and b.text.strip()), "")
        for rid, placement in found:
            rel = self.part.rels.get(rid)
            if rel is None or rel.is_external:
                continue
            blob = rel.target_part.blob
            width = height = None
            try:
                with PILImage.open(io.BytesIO(blob)) as picture:
                    width, height = picture.size
            except (OSError, PILImage.DecompressionBombError):
                pass  # EMF/WMF and broken pictures: bytes kept, size unknown
            self.seals.extend(seals_in_picture(blob, loc, str(rel.target_part.partname),
                                                self.rings))
            self.images.append(Image(
                name=str(rel.target_part.partname), sha256=hashlib.sha256(blob).hexdigest(),
                content_type=rel.target_part.content_type, location=loc, placement=placement,
                width_px=width, height_px=height, near_text=near[:80] or None))


    def _cell_text(self, tc: etree._Element, table_style: str | None) -> str:
        lines: list[str] = []
        for el in tc.iter(qn("w:p")):
            # nested tables' paragraphs are included: the cell shows them
            if any(a.tag == qn("w:txbxContent") for a in el.iterancestors()):
                continue
            if el.find("w:pPr/w:numPr", NS) is not None or el.find("w:pPr/w:pStyle", NS) is not None:
                ppr, _ = self.resolver.paragraph(el, table_style)
                if ppr.get("numId"):
                    self.counter.label(ppr["numId"], ppr.get("ilvl", 0))  # keep list counts right
            lines.append(paragraph_text(el))
        return "\n".join(lines).strip("\n")

    def _table(self, tbl: etree._Element) -> Table:
        self.table_no += 1
        index = self.table_no
        cells: list[Cell] = []
        open_vmerge: dict[int, Cell] = {}  # grid column → origin cell of a running vMerge
        n_cols = len(tbl.findall("w:tblGrid/w:gridCol", NS))
        style_el = tbl.find("w:tblPr/w:tblStyle", NS)
        table_style = style_el.get(qn("w:val")) if style_el is not None else None
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
                    extra = self._cell_text(tc, table_style)
                    if extra:
                        origin.text = f"{origin.text}\n{extra}" if origin.text else extra
                else:
                    loc = Location(file=self.name, table=index, row=r + 1, col=col + 1,
                                   section=self.section)
                    cell = Cell(text=self._cell_text(tc, table_style), row=r, col=col, col_span=span,
                                location=loc)
                    cells.append(cell)
                    if vval == "restart":
                        open_vmerge[col] = cell
                    else:
                        open_vmerge.pop(col, None)
                    self._images(tc, loc, cell.text)
                col += span
            n_cols = max(n_cols, col)
        return Table(index=index, n_rows=len(rows), n_cols=n_cols, cells=cells,
                     location=Location(file=self.name, table=index,
                                       paragraph=self.paragraph_no or None))


def _row_texts(row: list[Cell | None]) -> list[str]:
    return [re.sub(r"\s+", "", c.text) if c else "" for c in row]


def extract_docx(path: Path, name: str, sha256: str, cache_dir: Path | None = None,
                 ring_engine: str = "ppocr"
                 ) -> Document:
    """`cache_dir`: where seal ring readings are kept (Settings.ocr_cache_dir)."""
    try:
        return _DocxReader(path, name, sha256, cache_dir, ring_engine).read()
    except UnreadableFileError:
        raise
    except (etree.XMLSyntaxError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise UnreadableFileError(f"Word 文件内容无法解析：{str(exc)[:150]}") from exc


def image_bytes(path: Path, part_name: str) -> bytes:
    """The bytes of an embedded picture (Image.name is its part name), for the seal and
    signature detectors; read from the package on demand so the model stays small."""
    with zipfile.ZipFile(path) as zf:
        return zf.read(part_name.lstrip("/"))
