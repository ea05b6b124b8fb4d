"""Seal (公章) detection on a page image: where the red ink forms a seal, and how sure we are.

First version (issue 5 in progress): presence, box, shape and confidence of red seals.
Placement against the 盖章 labels, ring text, grey seals and signatures are not built yet.

Red pixels (both hue bands of HSV, with the weaker saturation of scanned and photographed
ink) are closed into blobs; a blob is a seal candidate when it is about the size of a seal
relative to the page, round, oval or square, and its ink lies in a ring or frame (the
seal's border and text) rather than in a line (a red heading, a table line), a filled
shape (a logo) or sparse strokes (red handwriting), and its box holds no colour a seal on
paper never has (the gold of the national emblem, the blues and skin of a photo). Grey-black seals (a photocopy of a
seal) are found by the same shape tests on dark ink, but only where a caller asks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image as PILImage

# A seal is 38–45 mm across (公章), a finance or contract seal a little smaller; relative to
# the page's short side (210 mm on A4) that is 0.12–0.25. Crops of a seal alone fill the image.
MIN_SHORT_SIDE_SHARE = 0.05
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Seal:
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in pixels of the image
    shape: str  # round / oval / square
    colour: str  # red / grey
    confidence: float  # 0..1
    ink_share: float  # share of the box that is red ink


def red_ink(bgr: np.ndarray) -> np.ndarray:
    """255 where the pixel is red or dark red ink (scans and photos wash seals out, so the
    saturation floor is low; paper and grey text stay out because they are unsaturated)."""
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1].astype(np.int16), hsv[..., 2].astype(np.int16)
    red_hue = (h <= 12) | (h >= 160)
    b, g, r = (bgr[..., i].astype(np.int16) for i in range(3))
    redder = (r - np.maximum(g, b)) >= 40  # red clearly above the other channels
    return ((red_hue & (s >= 60) & (v >= 50) & redder) * 255).astype(np.uint8)


def _shape(contour: np.ndarray, w: int, h: int) -> tuple[str, float]:
    """'round' / 'oval' / 'square' and how well the outline fits that shape (0..1)."""
    area = cv2.contourArea(cv2.convexHull(contour))
    if area <= 0:
        return "none", 0.0
    aspect = min(w, h) / max(w, h)
    ellipse_area = math.pi * w * h / 4
    ellipse_fit = 1 - abs(area - ellipse_area) / ellipse_area
    square_fit = area / (w * h)
    if square_fit > 0.9 and aspect > 0.75:
        return "square", square_fit
    if aspect > 0.85:
        return "round", ellipse_fit
    if aspect > 0.5:
        return "oval", ellipse_fit
    return "none", 0.0


def _ring_score(mask: np.ndarray) -> float:
    """How much of the ink lies near the blob's outline (a seal's border and ring of text)
    compared with its middle: high for a seal, low for a filled logo."""
    h, w = mask.shape
    if h < 8 or w < 8:
        return 0.0
    ys, xs = np.nonzero(mask)
    if not len(xs):
        return 0.0
    cy, cx = (h - 1) / 2, (w - 1) / 2
    r = np.sqrt(((xs - cx) / (w / 2)) ** 2 + ((ys - cy) / (h / 2)) ** 2)
    outer = np.count_nonzero(r > 0.6)
    return outer / len(xs)


MAX_GOLD_SHARE = 0.1  # the national emblem: red with gold
MAX_OTHER_COLOUR_SHARE = 0.05  # photos (faces, sky): saturated colours a seal never has


def _foreign_colours(bgr: np.ndarray) -> bool:
    """Whether the box holds colours no seal on paper shows: the gold of an emblem, the
    blues and greens of a photo. A seal box is red ink, paper and black text."""
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    gold = float(((h >= 15) & (h <= 35) & (s > 90) & (v > 90)).mean())
    other = float(((s > 70) & (h > 35) & (h < 160)).mean())
    return gold >= MAX_GOLD_SHARE or other >= MAX_OTHER_COLOUR_SHARE


def find_seals(image: PILImage.Image) -> list[Seal]:
    """Red seals on a page or photo, most confident first."""
    bgr = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)
    height, width = bgr.shape[:2]
    short = min(height, width)
    scale = 1.0
    if short > 1400:  # work on a reduced copy: seals are large, speed matters
        scale = 1400 / short
        bgr = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        height, width = bgr.shape[:2]
        short = min(height, width)
    ink = red_ink(bgr)
    if np.count_nonzero(ink) < 50:
        return []
    k = max(3, short // 120)
    blobs = cv2.morphologyEx(ink, cv2.MORPH_CLOSE,
                             cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k * 3, k * 3)))
    contours, _ = cv2.findContours(blobs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found: list[Seal] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if max(w, h) < MIN_SHORT_SIDE_SHARE * short:
            continue
        shape, fit = _shape(contour, w, h)
        if shape == "none":
            continue
        region = ink[y : y + h, x : x + w]
        share = float(np.count_nonzero(region)) / (w * h)
        if share < 0.03:
            continue  # sparse strokes: red handwriting or a tick
        ring = _ring_score(region)
        # a filled blob (logo, stamp pad smear) has ink everywhere; a seal mostly at its rim
        fill_penalty = max(0.0, share - 0.6) * 2
        confidence = max(0.0, min(1.0, 0.45 * fit + 0.45 * ring + 0.1 - fill_penalty))
        if confidence < MIN_CONFIDENCE or _foreign_colours(bgr[y : y + h, x : x + w]):
            continue
        box = tuple(int(v / scale) for v in (x, y, x + w, y + h))
        found.append(Seal(box=box, shape=shape, colour="red",  # type: ignore[arg-type]
                          confidence=round(confidence, 2), ink_share=round(share, 3)))
    found.sort(key=lambda s: -s.confidence)
    return found
