from __future__ import annotations

from collections.abc import Iterator

from checks.lengths import a_level, a_report_lengths, chapters_off_target
from checks.registry import Context, Finding, rule
from checks.report_parts import within
from pipeline.core.model import Packet
from pipeline.forms.edition import edition_of


@rule("A-RPT-02", name="工作报告各章篇幅", severity="warning", schemes="A", part="工作报告",
      clause="一、情况概述（2000字）…四、顾客关系管理的主要目标、措施和经验（5000字）；"
             "申报AAA级单位……本部分字数控制在3000字左右（第四章10000字左右）；"
             "报告（含图表）宜控制在1万字左右")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: 字数 of each chapter (heading line excluded, tables included) against
    the target of the applicant's level — below AAA 2000 / 1500 / 1500 / 5000, AAA 3000 /
    3000 / 3000 / 10000 — and the whole report against "1万字左右". 字数 is counted as
    Microsoft Word counts it (pipeline/core/wordcount.py). Targets are "about": a chapter more
    than the tolerance below or above its target is a warning. For AAA the chapter targets
    add up to about 19,000 字, so the whole-report figure is only a notice there.
    When unsure: counts as Word does; the ±20 % tolerance of "左右" applies; a chapter it
    cannot find is A-RPT-01's.
    Why: the framework gives each chapter's length.
    Failing example: below AAA, 情况概述 with nothing under its heading.
    Passing example: below AAA, every chapter within ±20 % of its target.
    Config: length_tolerance (YUSHEN_LENGTH_TOLERANCE, default 0.2 = ±20 %). An unknown
    level is checked against the below-AAA targets, and the message says so.
    """
    level = a_level(packet)
    level_note = "" if level == packet.level else "（未能识别申请等级，按AAA级以下要求）"
    level_zh = "AAA级" if level == "AAA" else "AAA级以下"
    tol = ctx.settings.length_tolerance
    target = edition_of(packet).lengths.a_report
    for report in a_report_lengths(packet):
        yield from chapters_off_target(report, tol, f"{level_zh}要求", level_note)
        total = report.words
        if not within(total, target, tol):
            side = "不足" if total < target else "超出"
            yield Finding(f"工作报告全文篇幅{side}：{total} 字，要求“宜控制在1万字左右”"
                          f"（允许±{tol:.0%}）。", severity="notice" if level == "AAA" else None,
                          file=report.view.file, evidence=f"全文字数 {total}（含标题与表格）")
