"""Small text normalisers shared by classification and checks."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|"
    r"\d+\s*[、.．](?!\d)|第[一二三四五六七八九十\d]+[章部分节]\s*)\s*")
# A file name's ordering number before its prescribed name: "01", "02_", "3-", "04."
ORDER_PREFIX = r"(?:\d{1,3}[._\-、\s]*)?"
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


NAME_MAX_BYTES = 200  # a path component: file systems allow 255 bytes; room for "（2）" and suffixes


def safe_name(name: str, max_bytes: int = NAME_MAX_BYTES, fallback: str = "未命名") -> str:
    """A name that can be one path component anywhere yushen writes it: no separators,
    Windows-reserved or control characters, not only dots ("..zip" has the stem "."),
    at most `max_bytes` in UTF-8 (a subject of 80 Chinese characters is 240 bytes). A
    file's suffix is kept when it is shortened."""
    cleaned = "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 or ord(c) == 127 else c
                      for c in name).strip(" .")
    if not cleaned.strip("._ "):
        return fallback
    if len(cleaned.encode("utf-8")) <= max_bytes:
        return cleaned
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot or len(suffix) > 8:
        stem, suffix = cleaned, ""
    room = max_bytes - len(suffix.encode("utf-8")) - (1 if suffix else 0)
    short = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .")
    return f"{short}.{suffix}" if suffix else short


def fit(value: str, limit: int) -> str:
    """`value` within `limit` characters: as it is when it fits, else its head and a hash
    of the whole. The same value always gives the same result, so a key made to fit a
    database column is still found by the same key."""
    if len(value) <= limit:
        return value
    import hashlib

    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{value[:limit - 17]}#{digest}"
