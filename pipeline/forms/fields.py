"""Reading form tables and tick boxes off the document model: labels, values, ticks.

Values are found by their label's text, right of it or below it, so rows added or
removed by an applicant do not matter. pipeline/forms/records.py builds typed records on this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.core.model import Cell, Table
from pipeline.core.textnorm import compact, within_edits

TICKED = "☑■√✓✔☒▣●"
UNTICKED = "□☐○"
BOXES = TICKED + UNTICKED


@dataclass
class LabelValue:
    label: str
    value: str
    cell: Cell | None  # the value cell


_NOTE = re.compile(r"[（(][^（）()]*[)）]?$")

def _label_matches(cell_text: str, label: str, fuzzy: bool = False) -> bool:
    text = compact(cell_text)
    target = compact(label)
    if text == target:
        return True
    # labels often carry a note: "统一社会信用代码（提供营业执照复印件）", "企业简介（500字左右）"
    if text.startswith(target) and bool(re.match(r"^[（(：:]", text[len(target):])):
        return True
    if not fuzzy or len(target) < 4 or re.findall(r"\d+", text) != re.findall(r"\d+", target):
        return False  # "2024年" is never a misread "2025年"
    # a label read by OCR: one character in six may be misread (负贡申报部门名称); specks
    # read as quotes (我们的竞争优“”势) are dropped and angle brackets read for round ones
    text = _OCR_BRACKETS.sub(lambda m: "(" if m.group() in "〈<《[" else ")",
                             _OCR_SPECKS.sub("", text))
    core = text if target.endswith(")") else _NOTE.sub("", text)  # compact() folds （ to (
    limit = max(1, len(target) // 6)
    return within_edits(core, target, limit) or within_edits(text, target, limit)


_OCR_SPECKS = re.compile("[“”‘’\"'`´·•]")
_OCR_BRACKETS = re.compile("[〈〉<>《》\\[\\]]")


def label_value(tables: Iterable[Table], label: str, rows: set[int] | None = None
                ) -> LabelValue | None:
    """Value of the first cell labelled `label`: the next cell right of it, else below it.
    `rows` limits the search to those grid rows (a category block of a form). A label
    spelled exactly wins; only when there is none anywhere is a label with a character or
    so misread (a scan) accepted."""
    tables = list(tables)
    return _label_value(tables, label, rows, False) or _label_value(tables, label, rows, True)


def _value_rows(grid: list[list[Cell | None]], label: Cell, value: Cell) -> str:
    """The value's text, and, where the label's cell is merged down over more rows than
    the value's, the cells under the value in those rows too (a list given a row per item)."""
    texts = [value.text.strip()]
    if value.row == label.row and label.row_span > value.row_span:
        seen = {id(value)}
        for r in range(value.row + value.row_span, min(label.row + label.row_span, len(grid))):
            more = grid[r][value.col]
            if more is not None and id(more) not in seen and more.col == value.col:
                seen.add(id(more))
                texts.append(more.text.strip())
    return "\n".join(t for t in texts if t)


def _label_value(tables: list[Table], label: str, rows: set[int] | None, fuzzy: bool
                 ) -> LabelValue | None:
    for table in tables:
        grid = table.grid()
        for r, row in enumerate(grid):
            if rows is not None and r not in rows:
                continue
            for c, cell in enumerate(row):
                if cell is None or cell.row != r or cell.col != c:
                    continue
                if not _label_matches(cell.text, label, fuzzy):
                    continue
                inline = re.match(rf"^\s*{re.escape(label)}\s*[：:]\s*(.*)$", cell.text, re.S)
                if inline and inline.group(1).strip():  # "建设单位（用户）名称：……" in one cell
                    return LabelValue(label, inline.group(1).strip(), cell)
                nxt = next((x for x in row[c + 1 :] if x is not None and x is not cell), None)
                if nxt is None and r + cell.row_span < len(grid):
                    below = grid[r + cell.row_span][c]
                    # a stacked value is as wide as its label and in the same block; a
                    # narrower cell below, or one of the next block, is the next row's label
                    # (a label merged to the row's end has no value)
                    if below is not None and below.col == c and below.col_span == cell.col_span \
                            and (rows is None or below.row in rows) \
                            and not below.text.rstrip().endswith(("：", ":")):
                        nxt = below
                return LabelValue(label, _value_rows(grid, cell, nxt) if nxt else "", nxt)
        # also "标签：值" written inside one cell
        for cell in table.cells:
            if rows is not None and cell.row not in rows:
                continue
            m = re.match(rf"^\s*{re.escape(label)}\s*[：:]\s*(.*)$", cell.text, re.S)
            if m:
                return LabelValue(label, m.group(1).strip(), cell)
    return None


@dataclass
class TickOption:
    label: str
    ticked: bool


_OPTION = re.compile(rf"([{BOXES}])\s*([^{BOXES}\n]*)")
_OPTION_LINES = re.compile(rf"([{BOXES}])\s*([^{BOXES}]*)")


def tick_options(text: str, lines: bool = False) -> list[TickOption]:
    """Options written as "□选项" / "☑选项" in the order they appear; with `lines`, each
    option with all that follows it up to the next box ("☑有（请列明）\n质量手册" lists
    质量手册 under 有)."""
    pattern = _OPTION_LINES if lines else _OPTION
    return [TickOption(m.group(2).strip(), m.group(1) in TICKED) for m in pattern.finditer(text)]


def ticked(text: str) -> list[str]:
    return [o.label for o in tick_options(text) if o.ticked]
