"""字数 as Microsoft Word's statistic counts it (FACTS.md, "Word's 字数").

字数 = 中文字符和朝鲜语单词 + 非中文单词:
- every character in the East Asian ranges below counts one (ideographs, kana-free CJK
  punctuation 、。「」, full-width forms ，！（）０-９Ａ-Ｚ, Hangul);
- every maximal run of other non-whitespace characters counts one word ("abc", "2024",
  "3.14", "“" standing alone);
- whitespace, and the boundary between two paragraphs or two table cells, end a run.
Each call counts one paragraph or one cell; sum the calls for a document.
"""

from __future__ import annotations

from collections.abc import Iterable

_FAR_EAST = (
    (0x1100, 0x11FF), (0x3000, 0x303F), (0x3130, 0x318F), (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF), (0xA960, 0xA97C), (0xAC00, 0xD7A3), (0xD7B0, 0xD7FF),
    (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
)


def is_far_east(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _FAR_EAST)


def word_count(text: str) -> int:
    """字数 of one paragraph (or one table cell)."""
    count = 0
    in_word = False
    for ch in text:
        if is_far_east(ch):
            count += 1
            in_word = False
        elif ch.isspace():
            in_word = False
        elif not in_word:
            count += 1
            in_word = True
    return count


def word_count_all(paragraphs: Iterable[str]) -> int:
    return sum(word_count(p) for p in paragraphs)
