"""Numbers as written, with the rounding they imply: '49.21' stands for [49.205, 49.215].

Financial identities are checked on these intervals, so a figure that agrees with the
others within the table's own rounding is never flagged, and one that does not, is.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.parse import parse_number


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    @classmethod
    def written(cls, text: str) -> Interval | None:
        value = parse_number(text.replace("%", "").replace("％", ""))
        if value is None:
            return None
        digits = text.strip().rstrip("%％").split(".")
        decimals = len(digits[1]) if len(digits) == 2 else 0
        half = 0.5 * 10 ** -decimals
        return cls(value - half, value + half)

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
