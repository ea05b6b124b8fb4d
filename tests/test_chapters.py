"""Chapters are cut at the report's own headings, never at a 目录's entries."""

from __future__ import annotations

import pytest

from pipeline.core.model import Block, Location, Style
from pipeline.forms.chapters import HeadingSpec, match_outline, toc_indices

SPECS = [HeadingSpec("一、情况概述", 1), HeadingSpec("二、企业在运营中的资源保障情况", 1)]


def _blocks(*texts: str, style: str | None = None) -> list[Block]:
    return [Block(text=t, location=Location(file="r", paragraph=n),
                  style=Style(style_name=style)) for n, t in enumerate(texts)]


BODY = ("一、情况概述", "本公司成立于2008年。", "二、企业在运营中的资源保障情况", "人力资源充足。")


@pytest.mark.parametrize("toc", [
    ("目  录", "一、情况概述\t2", "二、企业在运营中的资源保障情况\t5"),  # Word's, with pages
    ("目录", "一、情况概述……………2", "二、企业在运营中的资源保障情况………5"),  # typed leaders
    ("目录", "一、情况概述", "二、企业在运营中的资源保障情况", ""),  # typed, no pages
])
def test_headings_are_found_after_the_table_of_contents(toc: tuple[str, ...]) -> None:
    items = _blocks(*toc, *BODY)
    found = match_outline(items, SPECS)
    assert [m.index for m in found] == [len(toc), len(toc) + 2]
    assert toc_indices(items) >= set(range(1, len(toc) - (1 if toc[-1] == "" else 0)))


def test_toc_styles_mark_entries_without_page_numbers() -> None:
    items = _blocks("一、情况概述", "二、企业在运营中的资源保障情况", style="toc 1") + _blocks(*BODY)
    assert [m.index for m in match_outline(items, SPECS)] == [2, 4]


def test_a_report_without_a_toc_keeps_every_heading() -> None:
    items = _blocks(*BODY)
    assert toc_indices(items) == set()
    assert [m.index for m in match_outline(items, SPECS)] == [0, 2]


def test_a_toc_title_without_repeated_entries_marks_nothing() -> None:
    """"目录" as an ordinary word in a heading's place: without the entries coming again it
    is not a table of contents."""
    items = _blocks("目录", *BODY)
    assert toc_indices(items) == set()
