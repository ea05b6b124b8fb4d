from __future__ import annotations

from collections.abc import Iterator

from checks.outlines import B_CHAPTER_TARGETS, B_REPORT_CEILING, b_outline
from checks.registry import Context, Finding, rule
from checks.report_parts import report_views, within
from pipeline.chapters import count_words, cut_chapters, match_outline
from pipeline.model import Packet


@rule("B-RPT-02", name="实践报告篇幅", severity="warning", schemes="B", part="实践报告",
      clause="企业简介（1000字）；用户满意经营实践（8000字）；总结思考（1000字）；文字篇幅1万字以内")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: 字数 of chapters 一 (about 1000), 二 (about 8000) and 三 (about 1000),
    heading line excluded, as Microsoft Word counts it; a chapter outside the tolerance is
    a warning. The whole report (title and headings included) over 10,000 字 is an error:
    "1万字以内" is a ceiling, not a target.
    Why: the template's headings give the lengths; 编写要求 四 gives the ceiling.
    Failing example: 二、用户满意经营实践 with 3000 字; a 12,000 字 report.
    Passing example: 1000 / 7800 / 950 字, 9,900 字 in all.
    Config: length_tolerance (YUSHEN_LENGTH_TOLERANCE, default 0.2).
    """
    tol = ctx.settings.length_tolerance
    outline = b_outline(packet.category)
    for view in report_views(packet, "实践报告"):
        matches = match_outline(view.items, list(outline))
        for chapter in cut_chapters(view.items, matches):
            target = B_CHAPTER_TARGETS[outline.index(chapter.spec)]
            words = chapter.words(view.doc.document)
            if not within(words, target, tol):
                side = "不足" if words < target else "超出"
                yield Finding(f"“{chapter.spec.title}”一章篇幅{side}：{words} 字，要求约 {target} 字"
                              f"（允许±{tol:.0%}）。", location=chapter.heading.location,
                              evidence=f"本章字数 {words}（按 Word 字数统计规则），目标 {target}")
        total = count_words(view.items, view.doc.document)
        if total > B_REPORT_CEILING:
            yield Finding(f"实践报告全文 {total} 字，超过“1万字以内”的上限。", severity="error",
                          file=view.file, evidence=f"全文字数 {total}（含标题与表格）")
