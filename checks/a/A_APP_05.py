from __future__ import annotations

from collections.abc import Iterator

from checks.form_access import record
from checks.registry import Context, Finding, rule
from pipeline.core import parse
from pipeline.core.model import Packet

FORMATS = [("mobile", parse.is_mobile, "大陆手机号码（11位，1开头）"),
           ("phone", parse.is_landline, "带区号的固定电话（如 025-84561234）"),
           ("fax", parse.is_landline, "带区号的传真号码"),
           ("email", parse.is_email, "电子邮箱地址")]


@rule("A-APP-05", name="申请书联系方式格式", severity="warning", schemes="A", part="申请书",
      clause="座机、传真、手机、电子信箱")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: 手机 is a mainland mobile number, 座机 and 传真 landlines with an area
    code, 电子信箱 an e-mail address. Empty fields are A-APP-01's.
    When unsure: only values that clearly are not a phone number or e-mail address are
    reported; blanks and separators are folded first. 座机 or 传真 answered "无" or "/" (the
    applicant has none) is not a wrongly written number.
    Why: the committee contacts applicants through these fields.
    Failing example: 手机 "1391234567" (10 digits); 座机 "84561234" (no area code).
    Passing example: 手机 13912345678, 座机 025-84561234, 电子信箱 liming@huatong.com.cn.
    Config: none.
    """
    app = record(packet, "申请书", "application_a")
    if app is None:
        return
    for name, valid, what in FORMATS:
        field = app.fields[name]
        if name in ("phone", "fax") and not field.answered:
            continue  # "无": no landline or fax
        if field.filled and not valid(field.value):
            yield Finding(f"申请书“{field.label}”格式不正确，应为{what}。", location=field.location,
                          evidence=f"填写为：{field.value}")
