from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from checks.form_access import record
from checks.registry import Context, Finding, rule
from pipeline.core import parse
from pipeline.core.model import Packet
from pipeline.core.parse import zh_date
from pipeline.forms.edition import edition_of
from pipeline.forms.records import Respondent

MAX_LISTED = 100


@rule("A-REC-09", name="被访者信息登记表", severity="error", schemes="A", part="推荐材料",
      clause="不超过50个被访者，提供所有相关信息。超过50个被访者，提供50-100个即可。"
             "产品/服务使用者为个人的被访者，工作单位一栏可不填。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the 被访者信息登记表 lists respondents (序号, 姓名, 联系方式, 调查时间,
    工作单位), at most 100; each has a name, a valid phone number (mobile or landline) that no
    other respondent shares, and a 调查时间 on or after the edition's survey start (2026: 2025-10-01) and not after the check date.
    工作单位 may be empty (individual users). Whether all respondents of a survey of ≤ 50 are
    listed needs the survey report's count: B-SUR-01 / a later issue.
    When unsure: respondent rows are read from the table's header; rows it cannot place are
    not counted as invalid.
    Why: 被访者信息登记表 注 2、3; the measurement must date from 2025-10-01 on.
    Failing example: two respondents with the same 联系方式; 调查时间 2025年9月20日.
    Passing example: 12 respondents, distinct mobiles, surveyed in November 2025.
    Config: none.
    """
    people: list[Respondent] | None = record(packet, "推荐材料", "respondents")
    if people is None:
        return
    if not people:
        yield Finding("被访者信息登记表为空或缺失。", evidence="未读到任何被访者")
        return
    if len(people) > MAX_LISTED:
        yield Finding(f"被访者信息登记表列出 {len(people)} 人，超过 100 人的上限。",
                      evidence="超过50个被访者时，提供50-100个即可")
    today = dt.date.today()
    start = edition_of(packet).survey_start
    counts = Counter(p.contact.replace(" ", "").replace("-", "") for p in people if p.contact)
    for person in people:
        who = f"第{person.number or '?'}号被访者{person.name or ''}"
        if not person.name:
            yield Finding(f"{who}未填写姓名。", location=person.location)
        contact = person.contact.replace(" ", "")
        if not contact:
            yield Finding(f"{who}未填写联系方式。", location=person.location)
        elif not (parse.is_mobile(contact) or parse.is_landline(contact)):
            yield Finding(f"{who}联系方式格式不正确。", location=person.location,
                          evidence=f"填写为：{person.contact}")
        elif counts[contact.replace("-", "")] > 1:
            yield Finding(f"{who}的联系方式与其他被访者重复。", severity="warning",
                          location=person.location, evidence=f"联系方式：{person.contact}")
        date = parse.parse_date(person.survey_date) if person.survey_date else None
        if date is None:
            yield Finding(f"{who}调查时间未填写或无法识别。", location=person.location,
                          evidence=f"填写为：{person.survey_date or '（空）'}")
        elif date[0] < start or date[0] > today:
            why = f"早于{zh_date(start)}" if date[0] < start else "晚于检查日期"
            yield Finding(f"{who}调查时间{why}。", location=person.location,
                          evidence=f"调查时间：{person.survey_date}")
