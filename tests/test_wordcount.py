"""字数 by Word's rule; every expected figure is counted by hand in the comment beside it."""

from __future__ import annotations

import pytest

from pipeline.wordcount import word_count, word_count_all


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("质量诚信", 4),  # four ideographs
        ("质量诚信，用户满意。", 10),  # 8 ideographs + full-width ， and 。 (U+FF0C, U+3002)
        ("ISO 9001认证", 4),  # "ISO" 1 + "9001" 1 (ended by 认, an ideograph) + 认,证 2
        ("2025年10月1日", 6),  # "2025" 1, 年 1, "10" 1, 月 1, "1" 1, 日 1
        ("版本 3.14 发布", 5),  # 版,本 2 + "3.14" 1 + 发,布 2
        ("abc def\tghi", 3),  # three Latin words split by space and tab
        ("第一行\n第二行", 6),  # a line break is whitespace; six ideographs
        ("（１２３）", 5),  # full-width brackets and digits are in FF00–FFEF: 5
        ("“质量”", 4),  # “ and ” (U+201C/D) are not East Asian: each a 1-char word; 2 ideographs
        ("e-mail:a@b.cn", 1),  # one run of non-space, non-East-Asian characters
        ("QC小组", 3),  # "QC" 1 + 小,组 2
        ("   ", 0),
    ],
)
def test_word_count(text: str, expected: int) -> None:
    assert word_count(text) == expected


def test_paragraph_boundaries_split_runs() -> None:
    # "abc" ending one paragraph and "def" starting the next are two words, not one.
    assert word_count_all(["质量abc", "def管理"]) == 2 + 1 + 1 + 2
