from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from checks.form_access import record
from checks.registry import Context, Finding, rule
from checks.sealing import seal_findings
from pipeline.core.interval import Interval
from pipeline.core.model import Packet
from pipeline.forms.edition import edition_of
from pipeline.forms.records import Financials

ASSETS, EQUITY, DEBT = "资产总额（万元）", "所有者权益（万元）", "负债总额（万元）"
CURRENT, LONG = "流动负债（万元）", "长期负债（万元）"
REVENUE, PROFIT, NET = "营业收入（万元）", "利润总额（万元）", "净利润（万元）"
DEBT_RATIO, EQUITY_GROWTH, REVENUE_GROWTH = "资产负债率（%）", "净资产增长率（%）", "主营业务收入增长率（%）"

Values = dict[str, Interval]
# (checked row, how it is computed in words, computation over one year's and the previous
# year's figures)
IDENTITIES: list[tuple[str, str, Callable[[Values, Values | None], Interval | None]]] = [
    (DEBT, "流动负债 + 长期负债", lambda v, p: v[CURRENT] + v[LONG]),
    (EQUITY, "资产总额 − 负债总额", lambda v, p: v[ASSETS] - v[DEBT]),
    (DEBT_RATIO, "负债总额 ÷ 资产总额 × 100", lambda v, p: (v[DEBT] / v[ASSETS]).scale(100)),
    (EQUITY_GROWTH, "（本年所有者权益 − 上年所有者权益）÷ 上年所有者权益 × 100",
     lambda v, p: ((v[EQUITY] - p[EQUITY]) / p[EQUITY]).scale(100) if p else None),
    (REVENUE_GROWTH, "（本年营业收入 − 上年营业收入）÷ 上年营业收入 × 100",
     lambda v, p: ((v[REVENUE] - p[REVENUE]) / p[REVENUE]).scale(100) if p else None),
]


FINANCE_SEAL = re.compile(r"财务章")


def _unit(row: str) -> str | None:
    """The unit a row's label names: "资产总额（万元）" → "万元"."""
    found = re.search(r"[（(]([^）)]+)[)）]\s*$", row)
    return found.group(1) if found else None


def _fmt(interval: Interval) -> str:
    return f"{interval.mid:.2f}"


@rule("A-REC-07", name="主要财务数据完整且自洽", severity="error", schemes="A", part="推荐材料",
      clause="主要财务数据：资产总额、所有者权益、负债总额……主营业务收入增长率（2023年、2024年、2025年）")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: all 16 rows × 3 years of 主要财务数据 are filled with numbers, and the
    figures agree with each other: 负债总额 = 流动负债 + 长期负债; 所有者权益 = 资产总额 −
    负债总额; 资产负债率 = 负债总额 / 资产总额; 净资产增长率 and 主营业务收入增长率 match the
    year-on-year change of the table's own figures (2024 and 2025; 2023 has no prior year in
    the table); 净利润 ≤ 利润总额 (a warning: a tax credit can explain it). Each figure is
    taken with the rounding its written decimals imply ("49.21" = 49.205–49.215), so only a
    disagreement beyond the table's rounding is reported, with the computed and the written
    figure. A unit repeated after a figure ("132000.00万元", "47.73%") is the row's own; another
    money unit ("13.2亿元") is converted into the row's. A seal (公章 or 财务章) must sit at "企业名称:（加盖公章或财务章）" under the
    table, on any copy of the 推荐材料 (checks/sealing.py); the date is G-04's.
    When unsure: compares figures as intervals of their written precision; only a difference
    beyond the table's own rounding is reported.
    Why: 推荐材料 主要财务数据.
    Failing example: 资产负债率 2025 written 45.00 where 63000 / 132000 gives 47.73.
    Passing example: every identity holds within rounding.
    Config: none.
    """
    fin: Financials | None = record(packet, "推荐材料", "financials")
    if fin is None or not fin.found:
        return
    yield from seal_findings(packet, "推荐材料", "推荐材料主要财务数据", within=FINANCE_SEAL,
                             place="“加盖公章或财务章”处")
    years = fin.years
    missing = [f"{row} {year}" for row in edition_of(packet).records.financials.rows for year in years
               if not fin.values.get(row, {}).get(year, "").strip()]
    if missing:
        yield Finding(f"主要财务数据有 {len(missing)} 处未填写。",
                      evidence="、".join(missing[:8]) + ("等" if len(missing) > 8 else ""))
    parsed: dict[str, Values] = {year: {} for year in years}
    for row, by_year in fin.values.items():
        for year, text in by_year.items():
            if not text.strip():
                continue
            interval = Interval.written(text, _unit(row))
            if interval is None:
                yield Finding(f"主要财务数据“{row}”{year}不是数字。",
                              location=fin.locations[row][year], evidence=f"填写为：{text}")
            else:
                parsed[year][row] = interval
    for i, year in enumerate(years):
        values = parsed[year]
        previous = parsed[years[i - 1]] if i else None
        for row, formula, compute in IDENTITIES:
            try:
                computed = compute(values, previous)
            except KeyError:
                continue  # an operand is missing: reported above
            written = values.get(row)
            if computed is None or written is None or written.overlaps(computed):
                continue
            yield Finding(f"主要财务数据{year}“{row}”与表中其他数据不符：按 {formula} 计算应约为 "
                          f"{_fmt(computed)}，填写为 {fin.values[row][year]}。",
                          location=fin.locations[row][year],
                          evidence=f"计算值 {_fmt(computed)}（考虑四舍五入的范围 "
                                   f"{computed.lo:.3f}–{computed.hi:.3f}），填写值 {fin.values[row][year]}")
        if NET in values and PROFIT in values and values[NET].lo > values[PROFIT].hi:
            yield Finding(f"主要财务数据{year}净利润大于利润总额，请核实（如有所得税返还请说明）。",
                          severity="warning", location=fin.locations[NET][year],
                          evidence=f"净利润 {fin.values[NET][year]}，利润总额 {fin.values[PROFIT][year]}")
