from __future__ import annotations

from collections.abc import Iterator

from checks.form_access import record
from checks.registry import Context, Finding, rule
from pipeline.core import parse
from pipeline.core.model import Packet
from pipeline.core.parse import zh_date
from pipeline.forms.edition import edition_of


@rule("A-ELG-01", name="成立满三个会计年度", severity="error", schemes="A", part="推荐材料",
      clause="成立已满三个会计年度")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the 成立日期 of 组织信息 is on or before the edition's latest founding
    day (2026: 2023-01-01), so that the organisation existed through its three fiscal years.
    When unsure: only a founding date it can parse is compared; an unparsable date is
    A-REC-05's unfilled field, not an eligibility error.
    Why: 活动说明 1, eligibility.
    Failing example: 成立日期 2023年5月1日.
    Passing example: 成立日期 2008年5月16日.
    Config: none. An unreadable date is a warning naming what was written.
    """
    org = record(packet, "推荐材料", "organization")
    if org is None or not org.fields["founded"].filled:
        return
    field = org.fields["founded"]
    parsed = parse.parse_date(field.value)
    if parsed is None:
        yield Finding("组织信息“成立日期”无法识别为日期，无法判断是否成立满三个会计年度。",
                      severity="warning", location=field.location, evidence=f"填写为：{field.value}")
    elif parsed[0] > (latest := edition_of(packet).latest_founding):
        yield Finding(f"成立未满三个会计年度（须在{zh_date(latest)}或之前成立），不符合参与条件。",
                      location=field.location, evidence=f"成立日期：{field.value}")
