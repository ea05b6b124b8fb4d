"""Tick boxes on a page image: small squares, empty (□) or ticked (☑ ■ ✓ inside).

OCR reads a box glyph as 口, 四, 加, 固 … at random, so the box is found by its shape and the
OCR'd word that starts at it gets the right symbol (pipeline.forms.fields reads □ and ☑).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

TICKED_INK = 0.12  # share of a box's inside that is ink when it holds a tick or is filled


@dataclass(frozen=True)
class TickBox:
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in pixels
    ticked: bool

    @property
    def symbol(self) -> str:
        return "☑" if self.ticked else "□"


def find_boxes(gray: np.ndarray, char_px: int) -> list[TickBox]:
    """Squares about one character tall (`char_px`), drawn as an outline."""
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                25, 12)
    # the box's sides are straight strokes about an em long; a tick written by hand is
    # slanted and often runs out over the outline, which would make box and tick one shape:
    # the outlines are found among the straight strokes only, the tick read from all ink
    side = max(3, int(0.5 * char_px))
    frame = cv2.bitwise_or(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (side, 1))),
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, side))))
    found = _boxes(ink, ink, char_px)
    found += [b for b in _boxes(frame, ink, char_px)
              if not any(_overlap(b.box, f.box) > 0.5 for f in found)]
    return _in_groups(found)


def _boxes(shapes: np.ndarray, ink: np.ndarray, char_px: int) -> list[TickBox]:
    """Outlined squares among `shapes`, each ticked by the share of `ink` inside it."""
    # outer outlines only: the square holes inside characters (口 in 请, 运) are not boxes
    contours, _ = cv2.findContours(shapes, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found: list[TickBox] = []
    low, high = 0.75 * char_px, 1.4 * char_px  # a □ glyph is nearly a full em
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if not (low <= w <= high and low <= h <= high) or not 0.8 <= w / h <= 1.25:
            continue
        approx = cv2.approxPolyDP(contour, 0.08 * cv2.arcLength(contour, True), True)
        if len(approx) != 4 or not cv2.isContourConvex(approx):
            continue
        ring = shapes[y : y + h, x : x + w]
        edge = max(2, int(0.15 * min(w, h)))
        border = np.concatenate([ring[:edge].ravel(), ring[-edge:].ravel(),
                                 ring[:, :edge].ravel(), ring[:, -edge:].ravel()])
        if border.mean() < 0.45 * 255:
            continue  # not a drawn outline (a character such as 口 has open corners less often)
        inside = ink[y + edge : y + h - edge, x + edge : x + w - edge]
        share = float(inside.mean()) / 255 if inside.size else 0.0
        box = (x, y, x + w, y + h)
        if any(_overlap(box, f.box) > 0.5 for f in found):
            continue  # the outer and inner outline of one box
        found.append(TickBox(box=box, ticked=share >= TICKED_INK))
    return found


def _in_groups(boxes: list[TickBox]) -> list[TickBox]:
    """Boxes that stand in an option group: at least two on one text row, or stacked one
    under another at the same indent within three lines ("☑初评" over "□复评"), one of
    them empty. A lone square, or a row of dense ones, is a character with an enclosure
    (团, 国, 图)."""
    kept: list[TickBox] = []
    for box in boxes:
        x0, top, x1, bottom = box.box
        size = bottom - top
        group = [b for b in boxes if min(b.box[3], bottom) - max(b.box[1], top) > 0.5 * size
                 or (abs(b.box[0] - x0) < 0.5 * (x1 - x0) and abs(b.box[1] - top) < 3 * size)]
        if len(group) >= 2 and any(not b.ticked for b in group):
            kept.append(box)
    return kept


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[2], b[2]), min(a[3], b[3])
    if x1 <= x0 or y1 <= y0:
        return 0.0
    inter = (x1 - x0) * (y1 - y0)
    return inter / min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))


def mark_words(data: dict[str, list], boxes: list[TickBox]) -> None:
    """Put each box's symbol before the OCR'd word that follows it on its row (the boxes
    were painted out before OCR, so nothing was read from them). A box with no word after
    it becomes a word of its own on that row."""
    for box in boxes:
        x0, top, x1, bottom = box.box
        width = x1 - x0
        following: int | None = None
        row_word: int | None = None
        for i, word in enumerate(data["text"]):
            if not word.strip() or data["level"][i] != 5:
                continue
            wy0, wy1 = data["top"][i], data["top"][i] + data["height"][i]
            if min(wy1, bottom) - max(wy0, top) < 0.4 * (bottom - top):
                continue
            row_word = i
            gap = data["left"][i] - x1
            if -0.3 * width <= gap <= 1.5 * width and (
                    following is None or data["left"][i] < data["left"][following]):
                following = i
        if following is not None:
            data["text"][following] = box.symbol + data["text"][following]
        elif row_word is not None:
            for field in data:
                data[field].append(data[field][row_word])
            data["text"][-1] = box.symbol
            data["left"][-1], data["width"][-1] = x0, width
            data["top"][-1], data["height"][-1] = top, bottom - top
