"""The records of a packet's forms, for the rules: read once per packet, on demand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checks.registry import Finding
from pipeline.core import parse
from pipeline.core.model import Packet
from pipeline.forms import records
from pipeline.forms.edition import edition_of

# what is read from a form's tables besides the edition's forms (read by read_record)
_READERS: dict[str, Any] = {
    "respondents": records.read_respondents,
    "b_blocks": records.read_b_blocks,
    "financials": records.read_financials,
    "market": records.read_market,
    "staff": records.read_staff,
}


def record(packet: Packet, part: str, kind: str) -> Any:
    """The record `kind` (a form of the edition's records.toml, "application_a", or one of
    _READERS) read from the Word tables of `part`, by the packet's edition of the forms (once
    per packet; several rules read the same form); None when the part is absent."""

    def read() -> Any:
        tables = records.part_tables(packet, part)
        if not tables:
            return None
        edition = edition_of(packet)
        if kind in _READERS:
            return _READERS[kind](tables, edition)
        return records.Record.read(tables, kind, edition)

    return packet.derived(f"record:{part}:{kind}", read)


def unfilled(rec: records.Record, names: list[str]) -> list[records.FormField]:
    """Fields among `names` that are missing from the form or left empty."""
    return [rec.fields[n] for n in names if not rec.fields[n].filled]


def uscc_findings(field: records.FormField, prefix: str = "") -> Iterator[Finding]:
    """A finding when a filled 统一社会信用代码 fails GB 32100-2015 (length, alphabet, check digit)."""
    if field.filled and (problem := parse.uscc_problem(field.value)):
        yield Finding(f"{prefix}统一社会信用代码无效：{problem}。", location=field.location,
                      evidence=f"填写为：{field.value}")


def unfilled_findings(rec: records.Record, names: list[str], form: str) -> Iterator[Finding]:
    """One finding per field of `form` left empty, or whose label the table lacks."""
    for field in unfilled(rec, names):
        what = "未填写" if field.found else "栏目缺失（表格中找不到该栏）"
        yield Finding(f"{form}“{field.label}”{what}。", location=field.location)
