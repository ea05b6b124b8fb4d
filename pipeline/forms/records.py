"""The official forms as records, filled from the tables of the document model.

Each form's layout is the edition's (pipeline/forms/<edition>/records.toml): the name the
rules use for each field and the label printed on the form. A value is the cell right of (or
below) its label, wherever the applicant's table put it. Tick-box fields keep every option
with its state, so G-05 can count ticks.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from pipeline.core.model import Table
from pipeline.core.textnorm import compact
from pipeline.forms import fields
from pipeline.forms.edition import Edition, edition_of

NOT_APPLICABLE = re.compile(r"^(?:[/／\\\-—–―_－]+|无|不适用|免填|略|n/?a)$", re.I)


class FormField(BaseModel):
    label: str
    value: str = ""
    location: str | None = None
    found: bool = False  # the label is on the form

    @property
    def filled(self) -> bool:
        return bool(compact(self.value))

    @property
    def answered(self) -> bool:
        """Filled with something other than a "not applicable" mark ("/", "—", "无", "不适用"):
        applicants strike out the blocks that are not theirs."""
        return self.filled and not NOT_APPLICABLE.match(compact(self.value))


class TickGroup(BaseModel):
    label: str
    options: list[fields.TickOption] = Field(default_factory=list)
    text: str = ""  # the cell as written, options and what follows them
    location: str | None = None
    found: bool = False

    @property
    def ticked(self) -> list[str]:
        return [o.label for o in self.options if o.ticked]


class Record(BaseModel):
    """A form read by its layout (the edition's records.toml): fields and tick groups by name."""

    form: str = ""  # the layout's key: "application_a"
    title: str = ""  # the form's name: "申请书"
    fields: dict[str, FormField] = Field(default_factory=dict)
    ticks: dict[str, TickGroup] = Field(default_factory=dict)

    @classmethod
    def read(cls, tables: list[Table], form: str, edition: Edition,
             rows: set[int] | None = None) -> Record:
        """The form `form` (a key of the edition's records.toml: "application_a") read off
        `tables` (within `rows` when given)."""
        layout = edition.records.forms[form]
        record = cls(form=form, title=layout.title)
        for name, label in layout.fields.items():
            found = fields.label_value(tables, label, rows)
            record.fields[name] = FormField(
                label=label, value=edition.strip_instructions(found.value) if found else "",
                location=_where(found), found=found is not None)
        for name, label in layout.ticks.items():
            found = fields.label_value(tables, label, rows)
            record.ticks[name] = TickGroup(
                label=label, options=fields.tick_options(found.value) if found else [],
                location=_where(found), found=found is not None,
                text=found.value if found else "")
        return record

    def values(self) -> dict[str, str]:
        """Plain values by label, tick groups as their ticked options joined by "、"."""
        out = {f.label: f.value for f in self.fields.values()}
        out.update({t.label: "、".join(t.ticked) for t in self.ticks.values()})
        return out


def _where(found: fields.LabelValue | None) -> str | None:
    return found.cell.location.describe() if found and found.cell else None


def read_staff(tables: list[Table], edition: Edition) -> dict[str, FormField]:
    """基础信用信息 资源保障: the "项目 | 员工总数 | 本科及以上文化程度 | 中高级技术职称" row
    and the "人数" row under it, read column by column (the labels head the columns, so
    the value is below each label, not right of it)."""
    labels = edition.records.staff.labels
    wanted = {compact(label): label for label in labels}
    for table in tables:
        grid = table.grid()
        for r, row in enumerate(grid):
            heads = {c: cell for c, cell in enumerate(row)
                     if cell is not None and cell.col == c and cell.row == r
                     and compact(cell.text) in wanted}
            if not any(compact(h.text) == compact(labels[0]) for h in heads.values()):
                continue
            out: dict[str, FormField] = {}
            for c, head in heads.items():
                below = grid[r + 1][c] if r + 1 < len(grid) else None
                label = wanted[compact(head.text)]
                out[label] = FormField(label=label,
                                       value=edition.strip_instructions(below.text) if below else "",
                                       location=below.location.describe() if below else None,
                                       found=True)
            return out
    return {}


class Financials(BaseModel):
    """主要财务数据: 16 rows × 3 years, each value with its cell."""

    years: list[str] = Field(default_factory=list)  # the column heads it was read by: "2023年"
    values: dict[str, dict[str, str]] = Field(default_factory=dict)  # row → year → value
    locations: dict[str, dict[str, str]] = Field(default_factory=dict)
    found: bool = False


class MarketIndicators(BaseModel):
    """主要用户与市场指标."""

    users: FormField
    documents: TickGroup  # one tick
    collection: TickGroup  # several ticks
    # indicator → year → column (本品/竞品/标杆) → value
    indicators: dict[str, dict[str, dict[str, str]]] = Field(default_factory=dict)


class Respondent(BaseModel):
    number: str
    name: str
    contact: str
    survey_date: str
    employer: str
    location: str | None = None


def _heading_text(text: str) -> str:
    """A block heading as written: "服务类填写", "服务类（填写）", "服务类 填写：" are one."""
    return re.sub(r"[()（）:：]", "", compact(text))


def _block_rows(tables: list[Table], heading: str) -> tuple[list[Table], set[int]] | None:
    """Rows of a category block: the rows its (vertically merged) heading cell spans, and
    the rows below whose cell in that column is blank up to the next heading (the same
    block with the merge undone: Word leaves the lower cells empty)."""
    for table in tables:
        for cell in table.cells:
            if _heading_text(cell.text) == _heading_text(heading):
                end = cell.row + cell.row_span
                grid = table.grid()
                while end < len(grid) and (grid[end][cell.col] is None
                                           or not grid[end][cell.col].text.strip()):
                    end += 1
                return [table], set(range(cell.row, end))
    return None


def read_b_blocks(tables: list[Table], edition: Edition) -> dict[str, Record]:
    """申请表: the block of each category found, read within its rows."""
    out: dict[str, Record] = {}
    for category, form in edition.records.b_blocks.items():
        scoped = _block_rows(tables, edition.records.forms[form].title)
        if scoped:
            out[category] = Record.read(scoped[0], form, edition, scoped[1])
    return out


def read_financials(tables: list[Table], edition: Edition) -> Financials:
    """The table headed by the edition's fiscal years."""
    years = edition.year_labels
    result = Financials(years=years)
    for table in tables:
        grid = table.grid()
        header = next((r for r, row in enumerate(grid)
                       if sum(1 for c in row if c and compact(c.text) in years) >= 3), None)
        if header is None:
            continue
        columns = {compact(c.text): i for i, c in enumerate(grid[header]) if c}
        result.found = True
        for row in grid[header + 1 :]:
            if not row or row[0] is None:
                continue
            label = next((name for name in edition.records.financials.rows if compact(row[0].text) == compact(name)),
                         None)
            if label is None:
                continue
            result.values[label] = {}
            result.locations[label] = {}
            for year in years:
                cell = row[columns[year]] if columns.get(year, 99) < len(row) else None
                result.values[label][year] = edition.strip_instructions(cell.text) if cell else ""
                result.locations[label][year] = cell.location.describe() if cell else ""
        break
    return result


def read_market(tables: list[Table], edition: Edition) -> MarketIndicators:
    layout = edition.records.market
    users = fields.label_value(tables, layout.users)
    result = MarketIndicators(
        users=FormField(label=layout.users,
                        value=edition.strip_instructions(users.value) if users else "",
                        found=users is not None, location=_where(users)),
        documents=_tick_group(tables, layout.documents),
        collection=_tick_group(tables, layout.collection))
    for table in tables:
        grid = table.grid()
        for row in grid:
            cells = [c for i, c in enumerate(row) if c is not None and (i == 0 or c is not row[i - 1])]
            if len(cells) < 2 + len(layout.columns):
                continue
            indicator = next((m for m in layout.rows if compact(cells[0].text) == compact(m)), None)
            year = compact(cells[1].text)
            if indicator and year in layout.years:
                result.indicators.setdefault(indicator, {})[year] = {
                    col: edition.strip_instructions(cells[2 + n].text)
                    for n, col in enumerate(layout.columns)}
    return result


def _tick_group(tables: list[Table], label: str) -> TickGroup:
    found = fields.label_value(tables, label)
    if found is None:
        return TickGroup(label=label)
    return TickGroup(label=label, options=fields.tick_options(found.value), found=True)


_DATE_OR_NUMBER = re.compile(r"\d")


def read_respondents(tables: list[Table], edition: Edition) -> list[Respondent]:
    headers = edition.records.respondents.headers
    width = len(headers)
    out: list[Respondent] = []
    for table in tables:
        grid = table.grid()
        header = next((r for r, row in enumerate(grid)
                       if [compact(c.text) if c else "" for c in row][:width] == headers), None)
        if header is None:
            continue
        for row in grid[header + 1 :]:
            texts = [c.text.strip() if c else "" for c in row[:width]]
            if len(texts) < width or not any(texts[1:]):
                continue  # the form's empty rows
            if len({id(c) for c in row[:width]}) == 1 or [compact(t) for t in texts] == headers:
                continue  # a note row merged across the table, or the header row repeated
            out.append(Respondent(number=texts[0], name=texts[1], contact=texts[2],
                                  survey_date=texts[3], employer=texts[4],
                                  location=row[1].location.describe() if row[1] else None))
    return out


def part_tables(packet, part: str) -> list[Table]:
    """Tables of a part from its Word documents (the authoritative copy), else any."""
    return [t for d in packet.word_first(part) for t in d.items_of(part) if isinstance(t, Table)]


def main_forms(edition: Edition, scheme: str | None) -> list[str]:
    """The keys of the scheme's forms read whole (the B category blocks are read within
    their rows by read_b_blocks), in the edition's order."""
    blocks = set(edition.records.b_blocks.values())
    return [key for key, layout in edition.records.forms.items()
            if key not in blocks and edition.scheme_of_part.get(layout.part) == scheme]


def read_forms(packet) -> dict[str, Any]:
    """Every form of the packet as plain values, keyed by the form's name."""
    edition = edition_of(packet)
    out: dict[str, Any] = {}
    for key in main_forms(edition, packet.scheme):
        layout = edition.records.forms[key]
        if tables := part_tables(packet, layout.part):
            out[layout.title] = Record.read(tables, key, edition).values()
    if packet.scheme == "A" and (rec := part_tables(packet, "推荐材料")):
        out["员工情况"] = {k: f.value for k, f in read_staff(rec, edition).items()}
        out["主要财务数据"] = read_financials(rec, edition).values
        market = read_market(rec, edition)
        out["主要用户与市场指标"] = {
            market.users.label: market.users.value,
            market.documents.label: "、".join(market.documents.ticked),
            market.collection.label: "、".join(market.collection.ticked),
            "indicators": market.indicators}
        out["被访者信息登记表"] = [[r.number, r.name, r.contact, r.survey_date, r.employer]
                               for r in read_respondents(rec, edition)]
    if packet.scheme == "B" and (app := part_tables(packet, "申请表")):
        out["申请表类别"] = {name: block.values()
                         for name, block in read_b_blocks(app, edition).items()}
    return out


def single_choice_groups(packet) -> list[tuple[str, TickGroup]]:
    """(form name, group) for every single-choice tick group found on the packet's forms:
    the forms' `ticks` and 主要用户与市场指标's documents (its collection takes several)."""
    edition = edition_of(packet)
    out: list[tuple[str, TickGroup]] = []
    for key in main_forms(edition, packet.scheme):
        layout = edition.records.forms[key]
        if layout.ticks and (tables := part_tables(packet, layout.part)):
            record = Record.read(tables, key, edition)
            out += [(layout.title, group) for group in record.ticks.values() if group.found]
    if packet.scheme == "A" and (rec := part_tables(packet, "推荐材料")):
        docs = read_market(rec, edition).documents
        if docs.found:
            out.append(("主要用户与市场指标", docs))
    return out
