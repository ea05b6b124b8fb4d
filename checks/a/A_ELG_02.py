from __future__ import annotations

from collections.abc import Iterator

from checks.form_access import record
from checks.registry import Context, Finding, rule
from pipeline.core import parse
from pipeline.core.model import Packet

REVENUE = "营业收入（万元）"


@rule("A-ELG-02", name="近三年均有主营业务收入", severity="error", schemes="A", part="推荐材料",
      clause="近三年均有主营业务收入")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: 营业收入 of the edition's three fiscal years (2026: 2023, 2024 and 2025) in 主要财务数据 are filled and positive.
    When unsure: a figure it cannot parse is reported as not filled, with the text it saw.
    Why: 活动说明 1, eligibility.
    Failing example: 营业收入 2023 "0".
    Passing example: 85000 / 90000 / 96000.
    Config: none.
    """
    fin = record(packet, "推荐材料", "financials")
    if fin is None or not fin.found:
        return
    row = fin.values.get(REVENUE, {})
    for year in fin.years:
        text = row.get(year, "").strip()
        value = parse.parse_amount_wan(text) if text else None
        if value is None or value <= 0:
            yield Finding(f"{year}营业收入{'未填写' if not text else '不是正数'}：近三年均须有主营业务收入。",
                          location=fin.locations.get(REVENUE, {}).get(year) or None,
                          evidence=f"{year}营业收入：{text or '（空）'}")
