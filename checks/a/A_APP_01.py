from __future__ import annotations

from collections.abc import Iterator

from checks.form_access import record, unfilled_findings
from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet

REQUIRED = ["name", "legal_rep", "handler", "phone", "fax", "department", "mobile", "email",
            "address", "profile"]


@rule("A-APP-01", name="申请书栏目填写完整", severity="error", schemes="A", part="申请书",
      clause="单位名称、法定代表人、经办人、座机、传真、部门、手机、电子信箱、联系地址、企业简介……")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the text fields of the 申请书 table are filled: 单位名称, 法定代表人,
    经办人, 座机, 传真, 部门, 手机, 电子信箱, 联系地址, 企业简介. A field whose label is
    missing from the table is reported too. (项目名称 is "企业类免填"; the tick groups 申请类别,
    申请状态 and 是否申请公示 are G-05's.)
    When unsure: a value that is only the form's instruction counts as empty; any other text
    counts as filled.
    Why: "信息采集表应按表格项目如实填写" (活动说明 3).
    Failing example: 传真 left empty.
    Passing example: every field filled.
    Config: none.
    """
    app = record(packet, "申请书", "application_a")
    if app is None:
        return
    yield from unfilled_findings(app, REQUIRED, "申请书")
