from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from checks.sealing import seal_findings, signature_findings
from pipeline.core.model import Packet


@rule("A-PLG-02", name="承诺书签字盖章", severity="error", schemes="A", part="承诺书",
      clause="承诺组织名称（加盖公章） 主要负责人签字： 年 月 日；“承诺书”应由申报组织主要负责人签字，并加盖公章")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the 承诺书 carries the organisation's seal at "承诺组织名称（加盖公章）"
    and the 主要负责人's signature, on any of its copies (Word with pictures, scan, PDF).
    Missing seal or empty signature: error; typed name only: warning; seal away from the
    label: notice. Its colour is A-APP-04's; the date is G-04's.
    When unsure: as A-APP-03: any copy of the pledge with a seal and signature at the label
    passes.
    Why: 填报说明 四: "“承诺书”应由申报组织主要负责人签字，并加盖公章".
    Failing example: the 承诺书 without a seal on any copy, "主要负责人签字：" empty.
    Passing example: the 承诺书 with a red seal picture and a signature picture.
    Config: none.
    """
    yield from seal_findings(packet, "承诺书", "市场质量信用承诺书")
    yield from signature_findings(packet, "承诺书", "市场质量信用承诺书")
