from __future__ import annotations

from collections.abc import Iterator

from checks.form_access import record
from checks.registry import Context, Finding, rule
from checks.report_parts import within
from pipeline.core.model import Packet
from pipeline.core.wordcount import word_count_all

TARGET = 500


@rule("A-APP-02", name="企业简介约500字", severity="warning", schemes="A", part="申请书",
      clause="企业简介（500字左右）")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: 字数 of the 企业简介 cell (Word's rule) is about 500: outside the
    tolerance it is a warning. An empty 企业简介 is A-APP-01's.
    When unsure: counts as Word does; the ±20 % tolerance of "左右" applies.
    Why: the form's label says "（500字左右）".
    Failing example: a 简介 of about 130 字.
    Passing example: a 简介 of about 500 字.
    Config: length_tolerance (default ±20 %).
    """
    app = record(packet, "申请书", "application_a")
    if app is None or not app.fields["profile"].filled:
        return
    field = app.fields["profile"]
    words = word_count_all(field.value.split("\n"))
    tol = ctx.settings.length_tolerance
    if not within(words, TARGET, tol):
        side = "过短" if words < TARGET else "过长"
        yield Finding(f"企业简介{side}：{words} 字，要求 500 字左右（允许±{tol:.0%}）。",
                      location=field.location, evidence=field.value[:60] + "…")
