"""Chapter lengths of the packet's reports against their targets: measured once here for
A-RPT-02 and B-RPT-02 (which judge them) and for the report's bars (which show them).
字数 is Word's (pipeline/core/wordcount.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.registry import Finding
from checks.report_parts import ReportView, report_views, within
from pipeline.core.model import Packet
from pipeline.core.result import LengthBar
from pipeline.forms.chapters import (
    Chapter,
    chapters_anywhere,
    count_words,
    cut_chapters,
    match_outline,
)
from pipeline.forms.edition import edition_of
from pipeline.forms.outlines import a_report_outline, b_report_outline


@dataclass(frozen=True)
class ChapterLength:
    chapter: Chapter
    words: int
    target: int  # "about N 字"


@dataclass(frozen=True)
class ReportLength:
    """One copy of a report: its chapters found, and the whole text."""

    view: ReportView
    chapters: list[ChapterLength]
    words: int  # the whole report, title and headings included


def chapters_off_target(report: ReportLength, tolerance: float, required: str = "要求",
                        note: str = "") -> Iterator[Finding]:
    """A warning for each chapter more than `tolerance` away from its target."""
    for c in report.chapters:
        if not within(c.words, c.target, tolerance):
            side = "不足" if c.words < c.target else "超出"
            yield Finding(f"“{c.chapter.spec.title}”一章篇幅{side}：{c.words} 字，{required}约 "
                          f"{c.target} 字（允许±{tolerance:.0%}）{note}。",
                          location=c.chapter.heading.location,
                          evidence=f"本章字数 {c.words}（按 Word 字数统计规则），目标 {c.target}")


def a_level(packet: Packet) -> str:
    """The level whose targets apply: an unknown level is held to the below-AAA ones."""
    return packet.level if packet.level in edition_of(packet).lengths.a_chapters else "AA"


def a_report_lengths(packet: Packet) -> Iterator[ReportLength]:
    """Each copy of the 工作报告 in turn (measured when reached), chapters in the
    applicant's level's targets."""
    targets = edition_of(packet).lengths.a_chapters[a_level(packet)]
    outline = a_report_outline(edition_of(packet))
    for view in report_views(packet, "工作报告"):
        yield ReportLength(view, [ChapterLength(c, c.words(view.doc.document),
                                                targets[outline.index(c.spec)])
                                  for c in chapters_anywhere(view.items, outline)],
                           count_words(view.items, view.doc.document))


def b_report_lengths(packet: Packet) -> Iterator[ReportLength]:
    """Each copy of the 实践报告 in turn, chapters of its category's outline."""
    outline = list(b_report_outline(edition_of(packet), packet.category))
    targets = edition_of(packet).lengths.b_chapters
    for view in report_views(packet, "实践报告"):
        chapters = cut_chapters(view.items, match_outline(view.items, outline))
        yield ReportLength(view, [ChapterLength(c, c.words(view.doc.document),
                                                targets[outline.index(c.spec)])
                                  for c in chapters],
                           count_words(view.items, view.doc.document))


def _bar(part: str, title: str, words: int, target: int, tolerance: float) -> LengthBar:
    """A chapter with an "about N 字" target and the tolerated range round it."""
    return LengthBar(part=part, title=title, words=words, target=target,
                     low=round(target * (1 - tolerance)), high=round(target * (1 + tolerance)))


def length_bars(packet: Packet, tolerance: float) -> list[LengthBar]:
    """The first copy's chapters and whole text (one copy is enough for the bars; the
    others are not measured)."""
    if packet.scheme == "A":
        first, part = next(a_report_lengths(packet), None), "工作报告"
    elif packet.scheme == "B":
        first, part = next(b_report_lengths(packet), None), "实践报告"
    else:
        return []
    if first is None:
        return []
    lengths = edition_of(packet).lengths
    bars = [_bar(part, c.chapter.spec.title, c.words, c.target, tolerance) for c in first.chapters]
    if packet.scheme == "A":
        bars.append(_bar(part, "全文", first.words, lengths.a_report, tolerance))
    else:
        bars.append(LengthBar(part=part, title="全文", words=first.words, target=None, low=None,
                              high=lengths.b_report_ceiling))
    return bars
