from __future__ import annotations

from collections.abc import Iterator

from checks.lengths import b_report_lengths, chapters_off_target
from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet
from pipeline.forms.edition import edition_of


@rule("B-RPT-02", name="实践报告篇幅", severity="warning", schemes="B", part="实践报告",
      clause="企业简介（1000字）；用户满意经营实践（8000字）；总结思考（1000字）；文字篇幅1万字以内")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: 字数 of chapters 一 (about 1000), 二 (about 8000) and 三 (about 1000),
    heading line excluded, as Microsoft Word counts it; a chapter outside the tolerance is
    a warning. The whole report (title and headings included) over 10,000 字 is an error:
    "1万字以内" is a ceiling, not a target.
    When unsure: counts as Word does; "左右" has the ±20 % tolerance, "1万字以内" is a ceiling.
    Why: the template's headings give the lengths; 编写要求 四 gives the ceiling.
    Failing example: 三、总结思考 with nothing under its heading.
    Passing example: every chapter within ±20 % of its target, under 10,000 字 in all.
    Config: length_tolerance (YUSHEN_LENGTH_TOLERANCE, default 0.2).
    """
    tol = ctx.settings.length_tolerance
    for report in b_report_lengths(packet):
        yield from chapters_off_target(report, tol)
        if report.words > edition_of(packet).lengths.b_report_ceiling:
            yield Finding(f"实践报告全文 {report.words} 字，超过“1万字以内”的上限。", severity="error",
                          file=report.view.file, evidence=f"全文字数 {report.words}（含标题与表格）")
