"""Small text normalisers shared by classification and checks."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|"
    r"\d+\s*[、.．](?!\d)|第[一二三四五六七八九十\d]+[章部分节]\s*)\s*")
# "年 月 日" with nothing printed between: a date left for the signer to fill in
EMPTY_DATE = re.compile(r"年[\s\u3000_]*月[\s\u3000_]*日")
_LENGTH_NOTE = re.compile(r"[（(][^（）()]*字[^（）()]*[)）]\s*$")


def compact(text: str) -> str:
    """Remove all whitespace (Chinese text has none that matters) and NFKC-fold."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text, count=1)


def has_numbering(text: str) -> bool:
    return bool(_NUMBERING.match(text))


def heading_core(text: str) -> str:
    """'二、企业在运营中的资源保障情况（1500字）' → '企业在运营中的资源保障情况'."""
    return compact(_LENGTH_NOTE.sub("", strip_numbering(text.strip())))


_CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def is_cjk(char: str) -> bool:
    """An East Asian character (ideograph, CJK punctuation, full-width form)."""
    return bool(_CJK_CHAR.match(char))


def within_edits(a: str, b: str, limit: int) -> bool:
    """Whether `a` becomes `b` with at most `limit` single-character edits (banded DP)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit
