"""Table grids from cell edges: snap nearby edges into one line, find a value's line."""

from __future__ import annotations

from typing import TypeVar

N = TypeVar("N", int, float)


def snap(values: list[N], tolerance: float) -> list[N]:
    """Sorted edge positions, those within `tolerance` of the previous one dropped."""
    out: list[N] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def nearest(edges: list[N], value: float) -> int:
    """Index of the edge closest to `value`."""
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))
