from __future__ import annotations

from collections.abc import Iterator

from checks.form_access import record
from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet
from pipeline.forms.records import Record

LAW_ROWS = ["inspection", "safety", "quality", "environment", "blacklist", "public_credit"]


@rule("A-ELG-03", name="近三年守法与事故记录", severity="warning", schemes="A", part="推荐材料",
      clause="近三年在政府有关部门的信用记录中无严重失信违法行为，无严重行政处罚；"
             "近三年无重大质量、安全事故或大面积用户投诉")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: in 基础信用信息, any 守法行为（近三年） row ticked 有 (政府抽检不合格记录,
    较大及以上安全/质量/环保事故, 失信行为及黑名单, 公共信用不良记录) is flagged for the reviewer
    with what the applicant listed: it may exclude the applicant (活动说明 1), which only the
    committee can judge.
    When unsure: a warning listing what the applicant wrote; the reviewer judges.
    Why: 活动说明 1, eligibility.
    Failing example: "☑有（请列明）较大安全事故一起 □无" under 较大及以上安全事故.
    Passing example: every row ticked 无.
    Config: none.
    """
    credit: Record | None = record(packet, "推荐材料", "basic_credit")
    if credit is None:
        return
    for name in LAW_ROWS:
        group = credit.ticks[name]
        yes = [label for label in group.ticked if label.startswith("有")]
        if yes:
            yield Finding(f"基础信用信息“{group.label}”勾选了“有”，可能影响参与资格，请审核人员核实。",
                          location=group.location, evidence=yes[0])
