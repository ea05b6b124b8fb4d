"""One PDF text-layer page into the document model: lines, paragraphs, tables, in reading order.

Characters carry font and size; they are grouped into lines (pdfplumber), lines into
paragraphs by the cues a reader uses (a full previous line, no first-line indent, the same
size, a normal gap), and ruled tables into cell grids with merged cells. Text inside a
table is read only as table cells, never twice. Lines in the top and bottom margins that
look like running heads or page numbers are kept apart (container "header" / "footer").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pdfplumber
from pdfplumber.utils import extract_text as chars_to_text

from extractors._grid import nearest, snap
from extractors._pdffonts import decode_font
from pipeline.core.model import Block, Cell, ContentItem, Location, Span, Style, Table
from pipeline.core.textnorm import is_cjk

# Spaces pdfplumber inserts between spaced-out CJK characters (justified lines) are not text.
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
# Word and LibreOffice set a visual gap between CJK and Latin/digits ("2008 年"); the file
# has no space there, and a space typed there carries no meaning for any check.
_MIXED_GAP = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])[ \t]+(?=[{_CJK}])")
_LABEL = re.compile(r"^[^\s，。,.；;]{2,12}\s*[:：]")
HEADER_SHARE = 0.07  # top 7 % of the page: running heads
FOOTER_SHARE = 0.09  # bottom 9 %: page numbers
MARGIN_LINE_MAX_CHARS = 40


def join_cjk(text: str) -> str:
    return _MIXED_GAP.sub("", _CJK_GAP.sub("", text))


@dataclass
class Line:
    chars: list[dict[str, Any]]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    spans: list[Span] = field(default_factory=list)

    @property
    def baseline(self) -> float:
        return self.bottom


def _spans(chars: list[dict[str, Any]]) -> list[Span]:
    """Runs of characters with one font, size, weight and slot (eastAsia / ascii)."""
    spans: list[Span] = []
    for ch in chars:
        text = ch.get("text", "")
        if not text or text.isspace():
            if spans:
                spans[-1].text += " "
            continue
        font = decode_font(ch.get("fontname"))
        slot = "eastAsia" if is_cjk(text) else "ascii"
        size = round(float(ch.get("size", 0)) * 2) / 2
        last = spans[-1] if spans else None
        if last and (last.font, last.size_pt, last.bold, last.slot) == (font.family, size,
                                                                         font.bold, slot):
            last.text += text
        else:
            spans.append(Span(text=text, font=font.family, size_pt=size, bold=font.bold,
                              slot=slot, font_source="direct"))
    for span in spans:
        span.text = span.text.rstrip() if span is spans[-1] else span.text
    return spans


def _dominant(spans: list[Span], slot: str | None = None) -> tuple[str | None, float | None]:
    fonts: Counter[str] = Counter()
    sizes: Counter[float] = Counter()
    for span in spans:
        n = len(span.text.strip())
        if slot is None or span.slot == slot:
            fonts[span.font] += n
        sizes[span.size_pt] += n
    font = fonts.most_common(1)[0][0] if fonts else None
    size = sizes.most_common(1)[0][0] if sizes else None
    return font, size


def _lines(page: pdfplumber.page.Page) -> list[Line]:
    lines: list[Line] = []
    for raw in page.extract_text_lines(return_chars=True, strip=True):
        text = join_cjk(raw["text"]).strip()
        chars = [c for c in raw.get("chars", []) if c.get("upright", True)] or raw.get("chars", [])
        if not text or not chars:
            continue
        spans = _spans(chars)
        _, size = _dominant(spans)
        lines.append(Line(chars=chars, text=text, x0=raw["x0"], x1=raw["x1"], top=raw["top"],
                          bottom=raw["bottom"], size=size or 10.5, spans=spans))
    return lines


def _continues(prev: Line, line: Line, left: float, right: float) -> bool:
    """Whether `line` continues the paragraph whose last line is `prev`."""
    size = max(prev.size, 1.0)
    # PDF sizes are exact points; OCR sizes are box heights that vary by a few pixels
    tolerance = 0.6 if prev.spans else 0.2 * size
    if abs(prev.size - line.size) > tolerance:
        return False
    gap = line.top - prev.bottom
    if gap < -size * 0.3 or gap > size * 1.3:
        return False
    if _LABEL.match(line.text):
        return False  # "单位名称：…" under a full line starts a form line of its own
    # a full line ends within a character or so of the right edge (OCR boxes are looser)
    prev_full = prev.x1 >= right - (1.6 if prev.spans else 2.5) * size
    indented = line.x0 >= left + 1.5 * size
    middle = (left + right) / 2
    centred = abs((line.x0 + line.x1) / 2 - middle) < size and \
        abs((prev.x0 + prev.x1) / 2 - middle) < size
    return prev_full and (not indented or centred)  # a centred title wraps centred


def _paragraph_style(lines: list[Line], left: float, right: float) -> Style:
    spans = [s for ln in lines for s in ln.spans]
    east, size = _dominant(spans, "eastAsia")
    ascii_font, _ = _dominant(spans, "ascii")
    visible = [s for s in spans if s.text.strip()]
    first = lines[0]
    size_ref = size or first.size
    centre_gap = abs((first.x0 + first.x1) / 2 - (left + right) / 2)
    alignment: str | None
    if len(lines) == 1:
        if first.x0 > left + size_ref and first.x1 < right - size_ref and centre_gap < size_ref:
            alignment = "center"
        elif first.x0 > left + 4 * size_ref and first.x1 >= right - size_ref:
            alignment = "right"
        else:
            alignment = "left"
    else:
        inner = lines[:-1]
        alignment = "both" if all(ln.x1 >= right - 0.6 * size_ref for ln in inner) else "left"
    rest_left = min((ln.x0 for ln in lines[1:]), default=left)
    indent_pt = first.x0 - rest_left
    pitch = None
    if len(lines) > 1:
        pitches = [b.bottom - a.bottom for a, b in zip(lines, lines[1:], strict=False)]
        pitch = round(sorted(pitches)[len(pitches) // 2], 1)
    return Style(font_east_asia=east, font_ascii=ascii_font, size_pt=size,
                 bold=bool(visible) and all(s.bold for s in visible), alignment=alignment,
                 line_rule="pitch" if pitch else None, line_spacing=pitch,
                 first_line_pt=round(indent_pt, 1),
                 first_line_chars=round(indent_pt / size_ref, 1) if size_ref else None)


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


class _CharIndex:
    """Characters by the centre of their box, for "which characters lie in this box" asked
    once per table cell (a form page: hundreds of cells, thousands of characters)."""

    def __init__(self, chars: list[dict[str, Any]]) -> None:
        self.chars = chars
        self.cx = np.array([(c["x0"] + c["x1"]) / 2 for c in chars], dtype=np.float64)
        self.cy = np.array([(c["top"] + c["bottom"]) / 2 for c in chars], dtype=np.float64)

    def within(self, box: tuple[float, float, float, float]) -> list[dict[str, Any]]:
        x0, top, x1, bottom = box
        hit = (self.cx >= x0) & (self.cx <= x1) & (self.cy >= top) & (self.cy <= bottom)
        return [self.chars[i] for i in np.flatnonzero(hit)]


def _cell_text(chars: list[dict[str, Any]], right: float) -> str:
    """Lines of a cell: a line that runs to the cell's right edge wraps into the next one
    (joined without a break, as Word holds it); any other line ends a paragraph."""
    if not chars:
        return ""
    text = join_cjk(chars_to_text(chars, x_tolerance=3, y_tolerance=3)).strip()
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 2:
        return text
    rows: dict[float, list[dict[str, Any]]] = {}
    for ch in chars:
        key = next((k for k in rows if abs(k - ch["top"]) <= 3), ch["top"])
        rows.setdefault(key, []).append(ch)
    ends = [max(c["x1"] for c in row) for _, row in sorted(rows.items())]
    sizes = [max(float(c.get("size", 10)) for c in row) for _, row in sorted(rows.items())]
    if len(ends) != len(lines):
        return "\n".join(lines)
    out = lines[0]
    for n in range(1, len(lines)):
        wrapped = ends[n - 1] >= right - 2.5 * sizes[n - 1]
        out += ("" if wrapped else "\n") + lines[n]
    return join_cjk(out)


def _table(found: Any, page: pdfplumber.page.Page, name: str, page_no: int, index: int
           ) -> Table | None:
    boxes = [tuple(c) for c in found.cells if c]
    if not boxes:
        return None
    xs = snap([b[0] for b in boxes] + [b[2] for b in boxes], 2.0)
    ys = snap([b[1] for b in boxes] + [b[3] for b in boxes], 2.0)
    chars = _CharIndex(_CharIndex(page.chars).within(tuple(found.bbox)))
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    for x0, top, x1, bottom in sorted(boxes, key=lambda b: (b[1], b[0])):
        r0, r1 = nearest(ys, top), nearest(ys, bottom)
        c0, c1 = nearest(xs, x0), nearest(xs, x1)
        if r1 <= r0 or c1 <= c0 or (r0, c0) in taken:
            continue
        taken.add((r0, c0))
        inside = chars.within((x0, top, x1, bottom))
        text = _cell_text(inside, x1)
        cells.append(Cell(text=text, row=r0, col=c0, row_span=r1 - r0, col_span=c1 - c0,
                          location=Location(file=name, page=page_no, table=index, row=r0 + 1,
                                            col=c0 + 1, bbox=(x0, top, x1, bottom))))
    return Table(index=index, n_rows=len(ys) - 1, n_cols=len(xs) - 1, cells=cells,
                 location=Location(file=name, page=page_no, table=index,
                                   bbox=tuple(found.bbox)))


def page_content(page: pdfplumber.page.Page, name: str, page_no: int, first_table: int
                 ) -> list[ContentItem]:
    """Blocks and tables of one text-layer page, top to bottom."""
    tables: list[Table] = []
    for found in page.find_tables():
        table = _table(found, page, name, page_no, first_table + len(tables))
        if table and table.n_rows and table.n_cols:
            tables.append(table)
    boxes = [t.location.bbox for t in tables if t.location.bbox]
    text_page = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes))
    return assemble(_lines(text_page), tables, float(page.width), float(page.height), name,
                    page_no)


def assemble(lines: list[Line], tables: list[Table], width: float, height: float, name: str,
             page_no: int, confidence: dict[int, float] | None = None) -> list[ContentItem]:
    """Lines into paragraphs (margin lines apart), merged with tables by position.
    `confidence` maps id(line) to OCR confidence where the lines come from OCR."""
    confidence = confidence or {}
    margin: list[Block] = []
    body: list[Line] = []
    for line in lines:
        short = len(line.text) <= MARGIN_LINE_MAX_CHARS
        if short and line.top >= height * (1 - FOOTER_SHARE):
            container = "footer"
        elif short and line.bottom <= height * HEADER_SHARE:
            container = "header"
        else:
            body.append(line)
            continue
        margin.append(Block(text=line.text, spans=line.spans,
                            style=_paragraph_style([line], line.x0, line.x1),
                            confidence=confidence.get(id(line)),
                            location=Location(file=name, page=page_no, container=container,
                                              bbox=(line.x0, line.top, line.x1, line.bottom))))
    # the text block: lines and tables together (a form page has few lines outside its
    # tables); where all lines are short (a title page, a 目录) its right edge is the
    # page's, mirrored from the left margin
    frames = [t.location.bbox for t in tables if t.location.bbox]
    left = min([ln.x0 for ln in body] + [f[0] for f in frames], default=0.0)
    right = max([ln.x1 for ln in body] + [f[2] for f in frames] + [width - left])
    groups: list[list[Line]] = []
    for line in body:
        if groups and _continues(groups[-1][-1], line, left, right):
            groups[-1].append(line)
        else:
            groups.append([line])
    items: list[tuple[float, ContentItem]] = []
    for group in groups:
        text = join_cjk(" ".join(ln.text for ln in group))
        bbox = (min(ln.x0 for ln in group), group[0].top, max(ln.x1 for ln in group),
                group[-1].bottom)
        confs = [confidence[id(ln)] for ln in group if id(ln) in confidence]
        block = Block(text=text, spans=[s for ln in group for s in ln.spans],
                      style=_paragraph_style(group, left, right),
                      confidence=round(sum(confs) / len(confs), 1) if confs else None,
                      location=Location(file=name, page=page_no, container="body", bbox=bbox))
        items.append((group[0].top, block))
    for table in tables:
        items.append((table.location.bbox[1] if table.location.bbox else 0.0, table))
    items.sort(key=lambda pair: pair[0])
    return [item for _, item in items] + list(margin)


# On a scan, a cell's edge and its neighbour's lie a ruling line's width apart (a few pt);
# no real column is that narrow.
EDGE_TOLERANCE_PT = 5.0


def _column_edges(table: Table) -> list[float]:
    edges: list[float] = []
    for cell in table.cells:
        if cell.location.bbox:
            edges += [cell.location.bbox[0], cell.location.bbox[2]]
    return snap(edges, EDGE_TOLERANCE_PT)


def _same_frame(a: Table, b: Table) -> bool:
    """Same left and right border: one table's rows may have fewer columns than the
    other's (a form mixes 2- and 4-column rows), the frame stays."""
    ea, eb = _column_edges(a), _column_edges(b)
    return len(ea) >= 2 and len(eb) >= 2 and abs(ea[0] - eb[0]) <= EDGE_TOLERANCE_PT \
        and abs(ea[-1] - eb[-1]) <= EDGE_TOLERANCE_PT


def _regrid(table: Table, edges: list[float]) -> None:
    """Re-index the columns of `table` on a finer set of column edges."""
    for cell in table.cells:
        if cell.location.bbox:
            c0, c1 = nearest(edges, cell.location.bbox[0]), nearest(edges, cell.location.bbox[2])
            cell.col, cell.col_span = c0, max(c1 - c0, 1)
            cell.location.col = c0 + 1
    table.n_cols = len(edges) - 1


def _row(table: Table, row: int) -> dict[int, Cell]:
    return {c.col: c for c in table.cells if c.row == row}


def _split_row(last: dict[int, Cell], first: dict[int, Cell]) -> bool:
    """A row broken by the page break: some column has text on one side only, and no
    column starts anew with text on both sides where the other has none."""
    cols = set(last) | set(first)
    one_sided = [c for c in cols if bool(last.get(c) and last[c].text) !=
                 bool(first.get(c) and first[c].text)]
    return bool(one_sided) and any(not (first.get(c) and first[c].text) for c in cols)


def merge_page_tables(items: list[ContentItem]) -> list[ContentItem]:
    """A table that runs over a page break arrives as two tables, the second at the top
    of the next page with the same columns: join them, and join a row that the break
    split in two, so forms read as in Word."""
    out: list[ContentItem] = []
    for item in items:
        prev_body = next((i for i in reversed(out) if not (isinstance(i, Block) and
                          i.location.container in ("header", "footer"))), None)
        if (isinstance(item, Table) and isinstance(prev_body, Table)
                and item.location.page is not None and prev_body.location.page is not None
                and item.location.page == _last_page(prev_body) + 1
                and _first_on_page(out, item) and _same_frame(prev_body, item)):
            _append_rows(prev_body, item)
            continue
        out.append(item)
    return out


def _label_split(head: Table, tail: Table, above: Cell, below: Cell) -> bool:
    """Whether a row label merged down over several rows was cut by the page break: its
    two pieces together span as many rows as the other labels of its column do (each
    label of 主要用户与市场指标 spans its three years), and neither piece alone does."""
    spans = [c.row_span for t in (head, tail) for c in t.cells
             if c.col == above.col and c.row_span > 1 and c is not above and c is not below]
    if not spans:
        return False
    usual = max(set(spans), key=spans.count)
    return above.row_span < usual and below.row_span < usual \
        and above.row_span + below.row_span == usual


def _last_page(table: Table) -> int:
    return max((c.location.page or 0) for c in table.cells) if table.cells else (
        table.location.page or 0)


def _first_on_page(out: list[ContentItem], table: Table) -> bool:
    """No body text of the table's page was emitted before it."""
    return not any(isinstance(i, Block) and i.location.page == table.location.page
                   and i.location.container == "body" for i in out)


def _append_rows(head: Table, tail: Table) -> None:
    head_edges, tail_edges = _column_edges(head), _column_edges(tail)
    if len(head_edges) != len(tail_edges) or any(
            abs(a - b) > EDGE_TOLERANCE_PT for a, b in zip(head_edges, tail_edges, strict=False)):
        edges = snap(head_edges + tail_edges, EDGE_TOLERANCE_PT)
        _regrid(head, edges)
        _regrid(tail, edges)
    offset = head.n_rows
    last, first = _row(head, head.n_rows - 1), _row(tail, 0)
    if _split_row(last, first):
        for col, cell in first.items():
            if col in last and cell.text:
                last[col].text = join_cjk(last[col].text + cell.text)
            elif col not in last:
                cell.row = head.n_rows - 1
                head.cells.append(cell)
        tail.cells = [c for c in tail.cells if c.row != 0]
        offset -= 1
    else:
        # a cell merged down several rows (a row label) continues over the break as an
        # empty cell at the top of the next page: extend the label instead
        covering = {col: cell for cell in head.cells
                    if cell.row + cell.row_span == head.n_rows
                    for col in range(cell.col, cell.col + cell.col_span)}
        for col, cell in first.items():
            above = covering.get(col)
            if above is None or cell.col_span != above.col_span:
                continue
            if not cell.text and above.row_span > 1:
                above.row_span += cell.row_span
                tail.cells.remove(cell)
            elif cell.text and above.text and _label_split(head, tail, above, cell):
                # the label's text wrapped over the break: "用户忠诚" | "度（百分制）"
                above.text = join_cjk(above.text + cell.text)
                above.row_span += cell.row_span
                tail.cells.remove(cell)
    for cell in tail.cells:
        cell.row += offset
        cell.location.row = cell.row + 1
        cell.location.table = head.index
        head.cells.append(cell)
    head.n_rows = offset + tail.n_rows


def renumber_tables(items: list[ContentItem], start: int) -> int:
    """Give the tables of one page document-wide numbers from `start`; returns the next."""
    for item in items:
        if isinstance(item, Table):
            item.index = start
            item.location.table = start
            for cell in item.cells:
                cell.location.table = start
            start += 1
    return start
