from __future__ import annotations

from collections.abc import Iterator

from checks.form_access import record
from checks.registry import Context, Finding, rule
from pipeline.core import parse
from pipeline.core.model import Packet
from pipeline.core.parse import zh_date
from pipeline.forms.edition import edition_of
from pipeline.forms.records import MarketIndicators


@rule("A-REC-08", name="主要用户与市场指标", severity="error", schemes="A", part="推荐材料",
      clause="企业用户数量；用户需求的收集方式；用户满意度、忠诚度（百分制）、用户抱怨率（%）；"
             "注：需提供测评开展时间为2025年10月1日以后的第三方用户满意度测评报告。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: 企业用户数量 is filled; at least one 用户需求的收集方式 is ticked; every
    满意度 and 忠诚度 figure (本品/竞品/标杆 × 前二年/前一年/本年) is a number from 0 to 100 and
    every 抱怨率 a percentage from 0 to 100 (empty cells are reported); the third-party
    satisfaction report in the packet names a date on or after the edition's survey start (2026: 2025-10-01) (its absence is
    G-07's).
    When unsure: ranges are checked on figures that parse; the report's date is taken from
    dates it can read.
    Why: 主要用户与市场指标 and its 注.
    Failing example: a measurement report dated 2025年6月.
    Passing example: all 27 figures within range; a report of November 2025.
    Config: none.
    """
    market: MarketIndicators | None = record(packet, "推荐材料", "market")
    if market is None:
        return
    if market.users.found and not market.users.filled:
        yield Finding("“企业用户数量”未填写。", location=market.users.location)
    if market.collection.found and not market.collection.ticked:
        yield Finding("“用户需求的收集方式”未勾选任何一项（至少选一项）。")
    for indicator, years in market.indicators.items():
        for year, columns in years.items():
            for column, text in columns.items():
                where = f"{indicator} {year} {column}"
                if not text.strip():
                    yield Finding(f"主要用户与市场指标“{where}”未填写。")
                    continue
                # a rate "2.1%", a score "85.2" or "85.2分"
                value = parse.parse_percent(text)
                value = parse.parse_score(text) if value is None else value
                if value is None or not 0 <= value <= 100:
                    yield Finding(f"主要用户与市场指标“{where}”应为0–100之间的数。",
                                  evidence=f"填写为：{text}")
    for doc in packet.documents_with("第三方测评报告"):
        known = parse.dates_in(doc.document.plain_text())
        if known and max(known) < (start := edition_of(packet).survey_start):
            yield Finding(f"第三方用户满意度测评报告的日期均早于{zh_date(start)}，须为此后开展的测评。",
                          file=doc.source.name, evidence="报告中的日期："
                          + "、".join(sorted({d.isoformat() for d in known})[:5]))
        elif not known:
            yield Finding(f"第三方用户满意度测评报告中未找到测评日期，无法确认测评在{zh_date(edition_of(packet).survey_start)}以后开展。",
                          severity="warning", file=doc.source.name)
