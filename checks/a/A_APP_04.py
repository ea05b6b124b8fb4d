from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from checks.sealing import grey_seal_findings
from pipeline.core.model import Packet


@rule("A-APP-04", name="信息采集表与承诺书须加盖红色公章", severity="error", schemes="A",
      part="申请书", clause="“信息采集表”“承诺书”须加盖组织红色公章")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the seal on the 申请书 (信息采集表) and on the 承诺书 is red on at least
    one electronic copy. A seal found only in black or grey (a photocopy, a black-and-white
    scan, a grey seal picture) is a deficiency. No seal at all is A-APP-03's and A-PLG-02's.
    When unsure: only a seal found and judged grey is reported; a seal not found is
    A-APP-03's.
    Why: "电子版……“信息采集表”“承诺书”须加盖组织红色公章".
    Failing example: the 申请书's only seal grey (a black-and-white copy).
    Passing example: a red seal picture in the Word 申请书 and 承诺书.
    Config: none.
    """
    yield from grey_seal_findings(packet, "申请书", "申请书（信息采集表）")
    yield from grey_seal_findings(packet, "承诺书", "市场质量信用承诺书")
