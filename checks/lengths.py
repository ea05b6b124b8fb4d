"""Chapter lengths of the packet's reports against their targets, for the report's bars:
the same counting as A-RPT-02 and B-RPT-02 (Word's 字数), without judging."""

from __future__ import annotations

from checks.outlines import (
    A_CHAPTER_TARGETS,
    A_CHAPTERS,
    A_REPORT_TARGET,
    B_CHAPTER_TARGETS,
    B_REPORT_CEILING,
    b_outline,
)
from checks.report_parts import report_views
from pipeline.chapters import chapters_anywhere, count_words, cut_chapters, match_outline
from pipeline.model import Packet
from pipeline.result import LengthBar


def _bar(part: str, title: str, words: int, target: int, tolerance: float) -> LengthBar:
    """A chapter with an "about N 字" target and the tolerated range round it."""
    return LengthBar(part=part, title=title, words=words, target=target,
                     low=round(target * (1 - tolerance)), high=round(target * (1 + tolerance)))


def length_bars(packet: Packet, tolerance: float) -> list[LengthBar]:
    bars: list[LengthBar] = []
    if packet.scheme == "A":
        level = packet.level if packet.level in A_CHAPTER_TARGETS else "AA"
        for view in report_views(packet, "工作报告"):
            for chapter in chapters_anywhere(view.items, A_CHAPTERS):
                target = A_CHAPTER_TARGETS[level][A_CHAPTERS.index(chapter.spec)]
                bars.append(_bar("工作报告", chapter.spec.title,
                                 chapter.words(view.doc.document), target, tolerance))
            bars.append(_bar("工作报告", "全文", count_words(view.items, view.doc.document),
                             A_REPORT_TARGET, tolerance))
            break  # one copy of the report is enough for the bars
    elif packet.scheme == "B":
        outline = b_outline(packet.category)
        for view in report_views(packet, "实践报告"):
            for chapter in cut_chapters(view.items, match_outline(view.items, list(outline))):
                target = B_CHAPTER_TARGETS[outline.index(chapter.spec)]
                bars.append(_bar("实践报告", chapter.spec.title,
                                 chapter.words(view.doc.document), target, tolerance))
            bars.append(LengthBar(part="实践报告", title="全文",
                                  words=count_words(view.items, view.doc.document),
                                  target=None, low=None, high=B_REPORT_CEILING))
            break
    return bars
