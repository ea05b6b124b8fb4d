"""Parsers for the values applicants write into the forms (issue 6 item 2)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_CN_NUM = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9, "十": 10, "○": 0, "O": 0}


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _cn_int(text: str) -> int | None:
    """'二〇二五' → 2025 (digit by digit); '十' → 10, '十二' → 12, '二十八' → 28."""
    if not text:
        return None
    if all(ch in _CN_NUM and ch != "十" for ch in text):
        return int("".join(str(_CN_NUM[ch]) for ch in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_NUM.get(tens, 1) if tens else 1
        o = _CN_NUM.get(ones, 0) if ones else 0
        return t * 10 + o
    return None


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_MONTH_PATTERNS = [re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月$"), re.compile(r"^(\d{4})[.\-/](\d{1,2})$")]
_CN_DATE = re.compile(r"^([〇零○O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?$")


def parse_date(text: str) -> tuple[dt.date, bool] | None:
    """A date in any common written form → (date, day_given). "2025年10月" gives day 1 and
    day_given False; the caller decides whether a month is precise enough."""
    s = re.sub(r"\s+", "", _nfkc(text))
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])), True
            except ValueError:
                return None
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(s)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), 1), False
            except ValueError:
                return None
    m = _CN_DATE.match(s)
    if m:
        year, month = _cn_int(m[1]), _cn_int(m[2])
        day = _cn_int(m[3]) if m[3] else 1
        try:
            return dt.date(year or 0, month or 0, day or 0), bool(m[3])
        except ValueError:
            return None
    return None


def zh_date(day: dt.date) -> str:
    """A date as the forms write it: 2025年10月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def zh_month(day: dt.date) -> str:
    """2025年10月"""
    return f"{day.year}年{day.month}月"


_DATE_IN_TEXT = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}")


def dates_in(text: str) -> list[dt.date]:
    """Every date written in running text ("2025年11月20日", "2025年10月", "2025-10-08")."""
    found = (parse_date(m) for m in _DATE_IN_TEXT.findall(text))
    return [d[0] for d in found if d]


_NUMBER = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-+]?\d+(\.\d+)?$")
# longest first: "万元" must not be read as "元"
MONEY_UNITS = {"亿元": 10000.0, "万元": 1.0, "元": 0.0001}


def parse_number(text: str) -> float | None:
    """'1,234.5' → 1234.5; anything else → None."""
    s = _nfkc(text).replace(" ", "")
    return float(s.replace(",", "")) if _NUMBER.match(s) else None


def parse_amount_wan(text: str, default_unit: str = "万元") -> float | None:
    """An amount in 万元: '1.2亿元' → 12000, '3500万元' → 3500, '800000元' → 80."""
    s = _nfkc(text).replace(" ", "")
    for unit, factor in MONEY_UNITS.items():
        if s.endswith(unit):
            value = parse_number(s[: -len(unit)])
            return value * factor if value is not None else None
    value = parse_number(s)
    return value * MONEY_UNITS[default_unit] if value is not None else None


# units written after a figure (the text is NFKC-folded first: （ ） ％ are ( ) %)
_PERCENT_UNIT = re.compile(r"%+$")
_COUNT_UNIT = re.compile(r"(?:人|名|位|个)$")
_SCORE_UNIT = re.compile(r"(?:分|\(?百分制(?:得分)?\)?)+$")


def _number_before(text: str, unit: re.Pattern[str]) -> float | None:
    """The figure of `text` with a trailing `unit` (and blanks) left out."""
    return parse_number(unit.sub("", _nfkc(text).replace(" ", "")))


def parse_percent(text: str) -> float | None:
    """'12.5%' or '12.5' → 12.5."""
    return _number_before(text, _PERCENT_UNIT)


def parse_count(text: str) -> float | None:
    """A head count as applicants write it: '1200', '1,200', '1200人', '680 名' → the number."""
    return _number_before(text, _COUNT_UNIT)


def parse_score(text: str) -> float | None:
    """A score out of 100 as applicants write it: '88.6', '88.6分', '88.6（百分制）', '88.6%'
    → 88.6."""
    return _number_before(_nfkc(text).rstrip("%"), _SCORE_UNIT)


_MOBILE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$")
# area code (0 and 2–3 digits; after +86 without its 0), then 7–8 digits, maybe split 4+4 or
# 3+4, then an extension
_LANDLINE = re.compile(r"^(?:\+?86-?\(?0?[1-9]\d{1,2}\)?|\(0\d{2,3}\)|0\d{2,3})-?\d{3,4}-?\d{4}"
                       r"(?:(?:-|转|分机)\d{1,6})?$")
# blanks and every kind of dash between digit groups: "(025) 8456 1234", "025—84561234"
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\uff0d]+")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")


# a note after a number: "13912345678（微信同号）", "025-84561234(总机)"
_NOTE_AFTER = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def is_mobile(text: str) -> bool:
    return bool(_MOBILE.match(_SEPARATORS.sub("", _NOTE_AFTER.sub("", _nfkc(text)))))


def is_landline(text: str) -> bool:
    """A mainland landline with its area code: 025-84561234, (010)62345678, 0592 5123456."""
    written = _NOTE_AFTER.sub("", _nfkc(text).strip()).replace("（", "(").replace("）", ")")
    written = re.sub(r"-?([()])-?", r"\1", _SEPARATORS.sub("-", written))
    return bool(_LANDLINE.match(written))


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(_nfkc(text)))


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_digit(first17: str) -> str | None:
    if len(first17) != 17 or any(ch not in USCC_ALPHABET for ch in first17):
        return None
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(text: str) -> str | None:
    """None when `text` is a valid 统一社会信用代码 (GB 32100-2015), else why not (Chinese)."""
    code = _nfkc(text).replace(" ", "").upper()
    if len(code) != 18:
        return f"应为18位，实际{len(code)}位"
    bad = sorted({ch for ch in code if ch not in USCC_ALPHABET})
    if bad:
        return f"含有不允许的字符：{''.join(bad)}（不使用 I、O、S、V、Z）"
    expected = uscc_check_digit(code[:17])
    if expected != code[17]:
        return f"校验码应为 {expected}，实际为 {code[17]}"
    return None


_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]"})


# a note on where the seal goes, written after the name beside a seal: "…有限公司（公章）"
_SEAL_NOTE = re.compile(r"[(](?:加盖)?(?:公章|印章|盖章|签章|章)[)]$")


def normalise_company(name: str) -> str:
    """Compare company names: full/half width and （）/() folded, spaces removed, a trailing
    seal note "（公章）" dropped; 有限公司 and 有限责任公司 stay different (they are different
    legal names)."""
    return _SEAL_NOTE.sub("", re.sub(r"\s+", "", _nfkc(name).translate(_BRACKETS)))


# Numbered list markers applicants type: "1." "1、" "1)" "（1）" "①" "一、". A run of them
# numbered 1, 2, 3 … in order is a numbered list; "1.5" (a decimal) is no marker.
_ITEM_MARKER = re.compile(
    r"(?<![\d.．])(?P<n>\d{1,2})(?:[.．](?!\d)|[、)）])|[（(](?P<p>\d{1,2})[)）]"
    r"|(?P<c>[①-⑳])|(?<![一二三四五六七八九十])(?P<h>[一二三四五六七八九十])[、.．]")
_HAN_NUMBERS = "一二三四五六七八九十"
# Separators from strongest to weakest; "," only between non-digits (1,234 is a number).
# "/" never separates: it sits inside units (g/m², km/h) and ratios.
_ITEM_LEVELS = (re.compile(r"[；;]"), re.compile(r"[、，]|(?<!\d),|,(?!\d)"))
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _marker_number(match: re.Match[str]) -> int:
    if match.group("n") or match.group("p"):
        return int(match.group("n") or match.group("p"))
    if match.group("c"):
        return ord(match.group("c")) - ord("①") + 1
    return _HAN_NUMBERS.index(match.group("h")) + 1


def _numbered(text: str) -> list[re.Match[str]]:
    """The markers of the list numbered 1, 2, 3 … in text order, or [] when there is none."""
    run: list[re.Match[str]] = []
    for match in _ITEM_MARKER.finditer(text):
        number = _marker_number(match)
        if number == len(run) + 1:
            run.append(match)
        elif number == 1 and not run:
            run = [match]
    return run if len(run) >= 2 else []


def list_items(text: str) -> list[str]:
    """The items of a list as an applicant writes it in one form field: numbered (1. 2.,
    （1）, ①②③, 一、), one per line, or separated by ；; or by 、，, — the strongest kind
    present decides, so "准时、安全；服务周到" is two items and a unit's "/" splits nothing."""
    text = text.translate(_FULLWIDTH_DIGITS).strip()
    if not text:
        return []
    markers = _numbered(text)
    if markers:
        cuts = [m.start() for m in markers] + [len(text)]
        items = [text[m.end():end] for m, end in zip(markers, cuts[1:], strict=True)]
        return [i.strip(" \t\n；;，,、。") for i in items if i.strip(" \t\n；;，,、。")]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return lines
    for level in _ITEM_LEVELS:
        parts = [p.strip() for p in _split_outside_brackets(level, text) if p.strip(" 。.")]
        if len(parts) > 1:
            return parts
    return [text]


_OPEN, _CLOSE = "（(【[《“‘", "）)】]》”’"


def _split_outside_brackets(separator: re.Pattern[str], text: str) -> list[str]:
    """`text` cut at `separator`, except inside brackets or quotes: "厚度（≥600g/m²，98%）"
    is one item."""
    depth, cuts = 0, []
    inside = [0] * len(text)
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        inside[i] = depth
    for match in separator.finditer(text):
        if not inside[match.start()]:
            cuts.append((match.start(), match.end()))
    pieces, at = [], 0
    for start, end in cuts:
        pieces.append(text[at:start])
        at = end
    return [*pieces, text[at:]]
