"""Numbers as written, with the rounding they imply: '49.21' stands for [49.205, 49.215].

Financial identities are checked on these intervals, so a figure that agrees with the
others within the table's own rounding is never flagged, and one that does not, is.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pipeline.core.parse import MONEY_UNITS, parse_number

# a unit written after the figure; money units convert into the row's own unit
_SUFFIXES = ("%", *MONEY_UNITS)


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    @classmethod
    def written(cls, text: str, unit: str | None = None) -> Interval | None:
        """The figure in `text`, in `unit` (the row's: "万元", "%"). Applicants repeat the
        unit after the figure ("120000.00万元", "98.5%") or write another money unit
        ("12.5亿元" in a 万元 row): the figure is converted, its rounding with it."""
        s = unicodedata.normalize("NFKC", text).strip()
        factor = 1.0
        written_unit = next((u for u in _SUFFIXES if s.endswith(u)), None)
        if written_unit is not None:
            s = s[: -len(written_unit)].rstrip()
            if written_unit in MONEY_UNITS:
                if unit not in MONEY_UNITS:
                    return None  # money written in a row that is not an amount
                factor = MONEY_UNITS[written_unit] / MONEY_UNITS[unit]
        value = parse_number(s)
        if value is None:
            return None
        digits = s.split(".")
        decimals = len(digits[1]) if len(digits) == 2 else 0
        half = 0.5 * 10 ** -decimals
        return cls(value - half, value + half).scale(factor)

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            return Interval(float("-inf"), float("inf"))
        candidates = [self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi]
        return Interval(min(candidates), max(candidates))

    def scale(self, factor: float) -> Interval:
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi
