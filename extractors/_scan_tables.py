"""Ruled tables on a page image: ruling lines by morphology, cells as enclosed regions.

Long horizontal and vertical strokes are kept by opening with line-shaped kernels; the
background regions they enclose are the cells. Cell edges snapped to the table's distinct
line positions give each cell its grid row, column and spans, so merged cells come out as
in Word (one cell at its origin with row_span / col_span).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors._grid import nearest, snap

MIN_CELL_PX = 12
SNAP_PX = 15  # neighbouring cells' edges lie a ruling line's width apart (at least)


@dataclass
class GridCell:
    row: int
    col: int
    row_span: int
    col_span: int
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in pixels


@dataclass
class GridTable:
    box: tuple[int, int, int, int]
    n_rows: int
    n_cols: int
    cells: list[GridCell]


def line_ink(gray: np.ndarray) -> np.ndarray:
    """255 where the page is darker than its surroundings. A local threshold without
    smoothing: ruling printed 0.5 pt wide is one grey pixel at 200 dpi, which a global
    threshold or a median filter loses."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 25, 12)


def ruling_mask(gray: np.ndarray) -> np.ndarray:
    """255 where a long horizontal or vertical stroke is."""
    ink = line_ink(gray)
    h, w = ink.shape
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (max(w // 12, 40), 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(h // 40, 30))))
    lines = cv2.bitwise_or(horiz, vert)
    # close the small gaps a scan leaves where lines cross
    return cv2.dilate(lines, np.ones((5, 5), np.uint8))


def find_tables(gray: np.ndarray) -> tuple[list[GridTable], np.ndarray]:
    """Tables with at least two cells, and their ruling (to erase before OCR); long strokes
    outside a table (underlines, bold headings whose strokes touch) are left alone."""
    mask = ruling_mask(gray)
    h, w = mask.shape
    n, labels, stats, _ = cv2.connectedComponentsWithStats(255 - mask, connectivity=4)
    cells: list[tuple[int, int, int, int]] = []
    for i in range(1, n):
        x, y, cw, ch, area = stats[i]
        if cw < MIN_CELL_PX or ch < MIN_CELL_PX:
            continue
        if x <= 0 or y <= 0 or x + cw >= w or y + ch >= h:
            continue  # the page background around the tables
        if area < 0.7 * cw * ch or cw > 0.98 * w:
            continue  # not a rectangle: text or a picture, not a cell
        cells.append((int(x), int(y), int(x + cw), int(y + ch)))
    # tables: connected pieces of ruling that enclose cells
    m, _, line_stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    tables: list[GridTable] = []
    for j in range(1, m):
        x, y, tw, th, _area = line_stats[j]
        box = (int(x), int(y), int(x + tw), int(y + th))
        inside = [c for c in cells if c[0] >= box[0] - 2 and c[1] >= box[1] - 2
                  and c[2] <= box[2] + 2 and c[3] <= box[3] + 2]
        if len(inside) < 2:
            continue
        # a cell's edge and its neighbour's lie a (thickened) ruling line apart: snap
        # within 2 % of the table's size, far below any real column or row
        xs = snap([c[0] for c in inside] + [c[2] for c in inside],
                   max(SNAP_PX, int(0.02 * (box[2] - box[0]))))
        ys = snap([c[1] for c in inside] + [c[3] for c in inside],
                   max(SNAP_PX, int(0.01 * (box[3] - box[1]))))
        if len(xs) < 2 or len(ys) < 2:
            continue
        grid: list[GridCell] = []
        for c in sorted(inside, key=lambda c: (c[1], c[0])):
            r0, r1 = nearest(ys, c[1]), nearest(ys, c[3])
            c0, c1 = nearest(xs, c[0]), nearest(xs, c[2])
            if r1 > r0 and c1 > c0:
                grid.append(GridCell(row=r0, col=c0, row_span=r1 - r0, col_span=c1 - c0, box=c))
        if len(grid) >= 2:
            tables.append(GridTable(box=box, n_rows=len(ys) - 1, n_cols=len(xs) - 1, cells=grid))
    tables.sort(key=lambda t: (t.box[1], t.box[0]))
    inside_tables = np.zeros_like(mask)
    for t in tables:
        x0, top, x1, bottom = t.box
        inside_tables[top : bottom + 1, x0 : x1 + 1] = mask[top : bottom + 1, x0 : x1 + 1]
    return tables, inside_tables
