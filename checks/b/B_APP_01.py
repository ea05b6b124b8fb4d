from __future__ import annotations

from collections.abc import Iterator

from checks.form_access import record, unfilled_findings, uscc_findings
from checks.registry import Context, Finding, rule
from checks.sealing import seal_findings
from pipeline.core import parse
from pipeline.core.model import Packet

REQUIRED = ["name", "uscc", "company_type", "industry", "size", "contact", "department", "title",
            "mobile", "address", "project", "satisfaction"]


@rule("B-APP-01", name="申请表共同栏目", severity="error", schemes="B", part="申请表",
      clause="申请所有类别的企业均需填写申请表并加盖公章。内容如实填写，数据以上一年度末为准")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the common fields of the 申请表 are filled (企业名称, 统一社会信用代码,
    企业类型, 行业分类, 组织规模, 联系人, 部门, 职务, 手机, 联系地址, 申报项目名称, 满意度);
    the 统一社会信用代码 is valid (GB 32100-2015 check digit); 手机 is a mobile number;
    满意度 is a number from 0 to 100. (The single tick of 申请类别与等级 and 初评/复评 is G-05's;
    the seal (at 企业名称（盖章）, on any copy: checks/sealing.py) is checked here too.)
    When unsure: a value that is only the form's instruction counts as empty; a seal in any
    copy of the form counts.
    Why: 填报说明 二（四）.
    Failing example: 满意度 "良好"; 统一社会信用代码 with a wrong check digit.
    Passing example: every field filled, 满意度 88.6.
    Config: none.
    """
    yield from seal_findings(packet, "申请表", "申请表")
    app = record(packet, "申请表", "application_b")
    if app is None:
        return
    yield from unfilled_findings(app, REQUIRED, "申请表")
    yield from uscc_findings(app.fields["uscc"], "申请表")
    mobile = app.fields["mobile"]
    if mobile.filled and not parse.is_mobile(mobile.value):
        yield Finding("申请表“手机”不是有效的手机号码。", severity="warning", location=mobile.location,
                      evidence=f"填写为：{mobile.value}")
    score = app.fields["satisfaction"]
    if score.filled:
        value = parse.parse_score(score.value)
        if value is None or not 0 <= value <= 100:
            yield Finding("申请表“满意度（百分制得分）”应为0–100之间的数。", location=score.location,
                          evidence=f"填写为：{score.value}")
