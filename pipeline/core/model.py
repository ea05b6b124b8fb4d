"""The one document model every extractor fills.

Packet → source files → documents → content (paragraph blocks and tables in reading
order) and images. Every piece carries a Location so a deficiency can say where it is.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr


class Location(BaseModel):
    """Where something sits in a source file. Only the fields that apply are set."""

    file: str
    page: int | None = None  # 1-based, PDFs and images
    paragraph: int | None = None  # 1-based body paragraph index (Word)
    table: int | None = None  # 1-based table index in the document
    row: int | None = None  # 1-based grid row
    col: int | None = None  # 1-based grid column
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom (pt or px)
    container: str | None = None  # "body", "textbox", "header", "footnote"
    section: int | None = None  # 1-based Word section (page numbering restarts per section)

    def describe(self) -> str:
        """Human-readable Chinese location, e.g. "第3页" or "表2 第4行第2列"."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            cell = f"表{self.table}"
            if self.row is not None:
                cell += f" 第{self.row}行"
            if self.col is not None:
                cell += f"第{self.col}列"
            parts.append(cell)
        elif self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        if self.container and self.container != "body":
            parts.append({"textbox": "文本框", "header": "页眉", "footer": "页脚"}.get(
                self.container, self.container))
        return " ".join(parts)


class Span(BaseModel):
    """Run text of one font slot with its effective format (Word: fully resolved)."""

    text: str
    font: str
    size_pt: float
    bold: bool = False
    slot: str = "eastAsia"  # ascii / hAnsi / eastAsia / cs
    font_source: str = "style"  # direct / style / theme / default
    size_from_file: bool = True


class Style(BaseModel):
    """Paragraph format. For Word the values are effective (styles resolved); for PDF
    and scans only what the page shows (font and size of the first character)."""

    style_name: str | None = None
    font_east_asia: str | None = None  # dominant East Asian font of the paragraph
    font_ascii: str | None = None  # dominant Latin font
    size_pt: float | None = None  # dominant size
    bold: bool | None = None  # all visible text bold
    alignment: str | None = None  # left / center / right / both / distribute
    line_rule: str | None = None  # auto / exact / atLeast
    line_spacing: float | None = None  # multiple of single (auto) or points (exact, atLeast)
    first_line_chars: float | None = None  # 首行缩进 in characters (firstLineChars / 100)
    first_line_pt: float | None = None  # 首行缩进 in points (firstLine twips / 20)
    space_before_pt: float | None = None
    space_after_pt: float | None = None


class Block(BaseModel):
    """A paragraph or heading (Word), a text line group (PDF) or an OCR block (scan)."""

    kind: Literal["paragraph"] = "paragraph"
    text: str
    heading_level: int | None = None  # from the paragraph style or outline level
    label: str | None = None  # Word list number shown before the text ("一、"), not text
    style: Style = Field(default_factory=Style)
    spans: list[Span] = Field(default_factory=list)
    location: Location
    confidence: float | None = None  # OCR only, 0..100
    note_refs: list[str] = Field(default_factory=list)  # "footnote:2" notes referenced here
    note_id: str | None = None  # set on the paragraphs of a footnote or endnote


class Cell(BaseModel):
    text: str
    row: int  # 0-based grid origin
    col: int
    row_span: int = 1
    col_span: int = 1
    location: Location


class Table(BaseModel):
    """A table as a grid: `cells` lists each merged cell once, at its origin."""

    kind: Literal["table"] = "table"
    index: int  # 1-based
    n_rows: int
    n_cols: int
    cells: list[Cell]
    location: Location

    def grid(self) -> list[list[Cell | None]]:
        """Row-major grid where every slot points at the cell covering it."""
        out: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.row_span, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.col_span, self.n_cols)):
                    out[r][c] = cell
        return out

    def text(self) -> str:
        return "\n".join(c.text for c in self.cells)


class Image(BaseModel):
    """An image: embedded in a Word file, or the page image of a scan."""

    name: str
    sha256: str
    content_type: str | None = None
    width_px: int | None = None
    height_px: int | None = None
    location: Location
    placement: str | None = None  # Word: inline / anchor / vml; scans: page
    near_text: str | None = None  # the paragraph or cell it sits in, else the text before it


ContentItem = Block | Table


class SectionInfo(BaseModel):
    """Page numbering of one Word section, read from sectPr and its footer/header parts."""

    index: int  # 1-based
    page_number_start: int | None = None  # w:pgNumType/@w:start: restarts here
    page_number_format: str | None = None  # decimal, upperRoman …
    footer_has_page_field: bool = False
    header_has_page_field: bool = False
    page_field_alignment: str | None = None  # center / left / right / both
    footer: str | None = None  # part name of the footer holding the field


class PageRoute(BaseModel):
    """How one page of a PDF was read: its text layer, OCR, or not at all (blank)."""

    page: int
    route: Literal["text", "ocr", "blank"]
    reason: str


class SealMark(BaseModel):
    """A seal impression seen on a page or in a picture of a Word file."""

    location: Location  # file; page (PDF, scan) or paragraph / table cell (Word picture)
    box: tuple[float, float, float, float]  # on the page, in the units of Location.bbox
    unit: Literal["pt", "px"] = "px"  # PDF pages: points; scans and pictures: pixels
    shape: Literal["round", "oval", "square"]
    colour: Literal["red", "grey"]
    confidence: float  # 0..1
    picture: str | None = None  # Word: the picture it is in
    ring_text: str | None = None  # OCR of the text round the ring ("" when nothing was read)
    ring_confidence: float | None = None  # the OCR engine's confidence of that reading, 0..100


class SignatureMark(BaseModel):
    """What stands where a signature is asked for (after 签字)."""

    location: Location  # the label's place
    label: str  # the label text, e.g. "主要负责人签字"
    kind: Literal["handwritten", "image", "typed", "empty"]
    box: tuple[float, float, float, float] | None = None  # the region looked at (pages)
    unit: Literal["pt", "px"] = "px"
    text: str | None = None  # a typed name, when there is one
    ink_share: float | None = None  # share of the region covered by ink not printed text
    read: str | None = None  # scans: what OCR read after the label, however unsure
    within_line: bool | None = None  # scans: the ink stays inside the printed line's band


class DateMark(BaseModel):
    """A "年 月 日" line on a page whose printed digits are missing: filled by hand or not."""

    location: Location
    kind: Literal["handwritten", "empty"]
    text: str  # the line as read
    box: tuple[float, float, float, float] | None = None  # the part of the line looked at
    unit: Literal["pt", "px"] = "px"


class ScanPage(BaseModel):
    """How legible a page read by OCR arrived: the typical height of its text rows in the
    picture's own pixels (a PDF page's picture at the resolution it was embedded)."""

    page: int
    text_px: int
    dpi: float | None = None  # PDF scans: the picture's resolution on the page


class Document(BaseModel):
    """What one extractor read from one source file."""

    file: str  # display name inside the packet
    sha256: str
    kind: str  # docx, pdf, image ...
    pages: int | None = None  # PDFs and images; Word has no pages until rendered
    page_width: float | None = None  # PDFs: the first page's width in pt
    content: list[ContentItem] = Field(default_factory=list, discriminator=None)
    images: list[Image] = Field(default_factory=list)
    ocr_pages: list[int] = Field(default_factory=list)  # pages read by OCR
    page_routes: list[PageRoute] = Field(default_factory=list)  # PDFs: how each page was read
    skipped_pages: list[int] = Field(default_factory=list)  # over the OCR page limit, unread
    partial_pages: list[int] = Field(default_factory=list)  # OCR budget spent: partly read
    sections: list[SectionInfo] = Field(default_factory=list)  # Word only
    notes: list[Block] = Field(default_factory=list)  # footnotes and endnotes (Word)
    stats_include_notes: bool = True  # False: settings.xml doNotIncludeSubdocsInStats
    seals: list[SealMark] = Field(default_factory=list)
    signatures: list[SignatureMark] = Field(default_factory=list)
    dates: list[DateMark] = Field(default_factory=list)  # pages: unprinted 年 月 日 lines
    scan_pages: list[ScanPage] = Field(default_factory=list)  # pages read by OCR

    def blocks(self) -> list[Block]:
        return [i for i in self.content if isinstance(i, Block)]

    def tables(self) -> list[Table]:
        return [i for i in self.content if isinstance(i, Table)]

    def notes_by_id(self) -> dict[str, list[Block]]:
        out: dict[str, list[Block]] = {}
        for note in self.notes:
            if note.note_id:
                out.setdefault(note.note_id, []).append(note)
        return out

    def plain_text(self) -> str:
        return "\n".join(i.text if isinstance(i, Block) else i.text() for i in self.content)


class SourceFile(BaseModel):
    """One file of the packet as received, stored by content before anything else."""

    name: str  # path inside the packet, e.g. "申报材料.zip/承诺书.docx"
    sha256: str
    size: int
    kind: str  # sniffed from content: docx, doc, wps, rtf, pdf, png, jpeg, zip, 7z, rar ...
    extension_kind: str | None = None  # what the file name claims
    stored_path: str  # content-addressed copy of the original
    readable_path: str | None = None  # the file the extractor reads (converted .docx for .doc)
    converted_from: str | None = None  # original kind when readable_path is a conversion
    container: str | None = None  # name of the archive it came from


class PartSpan(BaseModel):
    """A part of the packet (申请书, 工作报告 …) found in a document, with its item range."""

    part: str
    start: int  # index into Document.content
    end: int  # exclusive
    title: str | None = None


class PageNumbers(BaseModel):
    """Where the pages of a document show their number."""

    pages: int  # pages in the document (laid out or as sent)
    numbered: list[int]  # pages that show a number
    centred_bottom: list[int]  # of those, the ones with the number centred in the footer
    elsewhere: dict[int, str]  # page → where its number is instead ("页眉", "页脚左侧" …)


class ClassifiedDocument(BaseModel):
    source: SourceFile
    document: Document
    parts: list[PartSpan] = Field(default_factory=list)
    # a Word file of a part whose page layout the forms prescribe, as LibreOffice lays it out
    # (read before the rules run); None when not laid out (rendering off, or it failed)
    laid_out: PageNumbers | None = None

    @property
    def part_names(self) -> list[str]:
        return [p.part for p in self.parts]

    def items_of(self, part: str) -> list[ContentItem]:
        items: list[ContentItem] = []
        for span in self.parts:
            if span.part == part:
                items.extend(self.document.content[span.start : span.end])
        return items


class Packet(BaseModel):
    """Everything known about one applicant's packet after classification."""

    name: str
    sources: list[SourceFile]
    documents: list[ClassifiedDocument]
    scheme: Literal["A", "B"] | None = None
    category: str | None = None  # B: 服务类 / 产品类 / 交通工程类; A: None
    level: str | None = None  # A: AAA / AA; B: 五星 / 四星 / 三星
    applicant: str | None = None
    project_name: str | None = None  # B: 申报项目名称
    submitted_as_archive: bool = False
    forms_edition: str | None = None  # Settings.forms_edition it is checked against
    # derived views (form records) computed once per packet by the rules that need them
    _derived: dict[str, Any] = PrivateAttr(default_factory=dict)

    def derived(self, key: str, compute: Any) -> Any:
        """`compute()` once per packet and key; later calls return the same object."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def documents_with(self, part: str) -> list[ClassifiedDocument]:
        return [d for d in self.documents if part in d.part_names]

    def word_first(self, part: str) -> list[ClassifiedDocument]:
        """The Word documents holding `part` (the authoritative electronic copy); only
        when there is none, the PDFs and scans that hold it."""
        docs = self.documents_with(part)
        return [d for d in docs if d.document.kind == "docx"] or docs
