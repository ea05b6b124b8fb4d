from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from checks.sealing import seal_findings, signature_findings
from pipeline.core.model import Packet


@rule("A-APP-03", name="申请书签字盖章", severity="error", schemes="A", part="申请书",
      clause="组织名称：（盖章） 主要负责人签字： 年 月 日；此表申请单位签字盖章后，原件寄送至中交企协质量工委")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the 申请单位声明 of the 申请书 carries a seal at "组织名称：（盖章）"
    and the 主要负责人's signature. Every copy counts (the Word file with a seal picture,
    or a sealed and signed scan or PDF): a seal is found by its shape and red ink, on a page
    or in a picture; a signature is handwriting or a signature picture at "主要负责人签字".
    Missing seal: error. Nothing at the signature: error. Only the typed name: warning
    (a name is not a signature). A seal on the page but away from the label: notice.
    The date ("年 月 日") is G-04's.
    When unsure: a seal or signature counts when any copy of the part (Word, scan, PDF) has
    it near the label; one placed elsewhere is a notice.
    Why: "此表申请单位签字盖章后，原件寄送至中交企协质量工委".
    Failing example: a 申请书 with no seal on any copy; "主要负责人签字：王建国" typed.
    Passing example: a red seal picture at the organisation name and a signature picture.
    Config: none.
    """
    yield from seal_findings(packet, "申请书", "申请书（信息采集表）")
    yield from signature_findings(packet, "申请书", "申请书（信息采集表）")
