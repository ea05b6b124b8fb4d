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

from extractors._preprocess import long_strokes

# A seal is 38–45 mm across (公章), a finance or contract seal a little smaller; relative to
# the page's short side (210 mm on A4) that is 0.12–0.25. Crops of a seal alone fill the image.
MIN_SHORT_SIDE_SHARE = 0.09  # a 20 mm name seal on A4; smaller red shapes are marks
MIN_CONFIDENCE = 0.5
MIN_ELLIPSE_FIT = 0.8  # a rectangle's hull fits an ellipse to 0.73
MERGE_OVERLAP = 0.3  # candidates sharing this much of the smaller box are one seal


@dataclass(frozen=True)
class Seal:
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in pixels of the image
    shape: str  # round / oval / square
    colour: str  # red / grey
    confidence: float  # 0..1
    ink_share: float  # share of the box that is red ink


def red_ink(bgr: np.ndarray, faint: bool = False) -> np.ndarray:
    """255 where the pixel is red or dark red ink (scans and photos wash seals out, so the
    saturation floor is low; paper and grey text stay out because they are unsaturated).
    `faint`: the floor of a second look at a page where no seal stood out (a small, washed
    out scan whose seals are pink)."""
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1].astype(np.int16), hsv[..., 2].astype(np.int16)
    red_hue = (h <= 12) | (h >= 160)
    b, g, r = (bgr[..., i].astype(np.int16) for i in range(3))
    lead, saturation = (12, 25) if faint else (40, 60)
    redder = (r - np.maximum(g, b)) >= lead  # red clearly above the other channels
    return ((red_hue & (s >= saturation) & (v >= 50) & redder) * 255).astype(np.uint8)


def white_balanced(bgr: np.ndarray) -> np.ndarray:
    """The page with its paper made white: each channel scaled so that the paper's value
    (the channel's 95th percentile: paper covers most of a page) becomes 255. Warm paper
    (R 253, G 240, B 231 on an electronic licence) and a photo's yellow light otherwise
    put every pixel past the faint look's red lead, and text and watermarks turn "red"."""
    paper = np.percentile(bgr.reshape(-1, 3)[:: max(bgr.size // 3 // 200_000, 1)], 95, axis=0)
    if paper.min() < 120:  # no bright paper to measure by (a dark photo, a seal alone)
        return bgr
    gains = 255.0 / np.maximum(paper, 1.0)
    # one lookup table per channel: a float copy of a whole page cost ~0.25 s a page
    levels = np.arange(256, dtype=np.float32)
    tables = [np.clip(levels * g, 0, 255).astype(np.uint8) for g in gains]
    return cv2.merge([cv2.LUT(bgr[..., i], tables[i]) for i in range(3)])


def grey_ink(bgr: np.ndarray) -> np.ndarray:
    """255 where the pixel is dark and unsaturated: a seal printed or copied in black."""
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    return (((hsv[..., 2] < 140) & (hsv[..., 1] < 60)) * 255).astype(np.uint8)


def _shape(contour: np.ndarray, w: int, h: int) -> tuple[str, float]:
    """'round' / 'oval' / 'square' and how well the outline fits that shape (0..1)."""
    area = cv2.contourArea(cv2.convexHull(contour))
    if area <= 0:
        return "none", 0.0
    aspect = min(w, h) / max(w, h)
    ellipse_area = math.pi * w * h / 4
    ellipse_fit = 1 - abs(area - ellipse_area) / ellipse_area
    square_fit = area / (w * h)
    if square_fit > 0.87:  # an ellipse fills 0.785 of its box
        return ("square", square_fit) if aspect > 0.75 else ("none", 0.0)
    if ellipse_fit < MIN_ELLIPSE_FIT:
        return "none", 0.0  # a rectangle (a red frame) is neither round nor oval
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


def _without_lines(ink: np.ndarray, short: int) -> np.ndarray:
    """Red ink minus long horizontal and vertical strokes (red table rules, a heading's
    underline), which would otherwise join a seal to its surroundings."""
    length = max(15, short // 6)  # longer than the flat top of an oval seal
    return cv2.subtract(ink, long_strokes(ink, length, length))


def _blob_boxes(ink: np.ndarray, short: int, reach: int = 3
                ) -> list[tuple[int, int, int, int, np.ndarray]]:
    """Candidates from closed blobs of red ink: (x, y, w, h, outline). `reach` is how far
    (in units of short/120) strokes are joined: wider joins the pieces of a faint seal."""
    k = max(3, short // 120)
    # closing with a large kernel is slow: close a reduced copy (a blob's outline does not
    # need full resolution) and scale the outlines back
    f = max(1, k // 3)
    height, width = ink.shape
    small = ink if f == 1 else cv2.resize(ink, (width // f, height // f),
                                          interpolation=cv2.INTER_AREA)
    size = max(3, k * reach // f)
    blobs = cv2.morphologyEx((small > 0).astype(np.uint8) * 255, cv2.MORPH_CLOSE,
                             cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    contours, _ = cv2.findContours(blobs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for contour in contours:
        contour = contour * f
        x, y, w, h = cv2.boundingRect(contour)
        if f > 1:  # the reduced copy's last pixel covers f original ones
            w, h = min(w + f, width - x), min(h + f, height - y)
        if max(w, h) >= MIN_SHORT_SIDE_SHARE * short:
            out.append((x, y, w, h, contour))
    return out


def _ring_boxes(ink: np.ndarray, short: int) -> list[tuple[int, int, int, int]]:
    """Candidates from a seal's border: an elliptic hole enclosed by a band of ink. Finds a
    seal whose blob has merged with red text or lines around it (an invoice's title)."""
    k = 3  # bridges the cut a removed table rule leaves in a ring
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    contours, hierarchy = cv2.findContours(closed, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    if hierarchy is None:
        return []
    out = []
    height, width = ink.shape
    for contour, (_, _, _, parent) in zip(contours, hierarchy[0], strict=True):
        if parent < 0 or len(contour) < 20:
            continue  # outer outlines are handled as blobs; holes only here
        area = cv2.contourArea(contour)
        if area < (0.07 * short) ** 2:
            continue
        (cx, cy), (d1, d2), angle = cv2.fitEllipse(contour)
        if min(d1, d2) < 0.5 * max(d1, d2):
            continue
        if not 0.9 <= area / (math.pi * d1 * d2 / 4) <= 1.1:
            continue  # a rectangle (table cell) or a ragged hole
        # the band just outside the hole must be ink nearly all the way round
        # (the hole may be bounded by the ring text inside the border: look a little out)
        t = np.linspace(0, 2 * math.pi, 180, endpoint=False)[:, None]
        grow = np.array([1.02, 1.05, 1.1, 1.15, 1.2])[None, :]
        rad = math.radians(angle)
        a, b = d1 / 2 * grow, d2 / 2 * grow
        px = (cx + a * np.cos(t) * math.cos(rad) - b * np.sin(t) * math.sin(rad)).astype(int)
        py = (cy + a * np.cos(t) * math.sin(rad) + b * np.sin(t) * math.cos(rad)).astype(int)
        inside = (px >= 0) & (px < width) & (py >= 0) & (py < height)
        on_ink = np.zeros(px.shape, dtype=bool)
        on_ink[inside] = ink[py[inside], px[inside]] > 0
        if on_ink.any(axis=1).mean() < 0.8:
            continue
        x0, y0, w0, h0 = cv2.boundingRect(cv2.ellipse2Poly(
            (int(cx), int(cy)), (int(d1 / 2 * 1.1), int(d2 / 2 * 1.1)), int(angle), 0, 360, 5))
        x0, y0 = max(0, x0), max(0, y0)
        out.append((x0, y0, min(w0, width - x0), min(h0, height - y0)))
    return out


def _has_border(region: np.ndarray) -> bool:
    """Whether ink runs round the ellipse inscribed in the box, as a seal's border does
    (pieces of a red frame left after its long lines were removed do not)."""
    h, w = region.shape
    t = np.linspace(0, 2 * math.pi, 90, endpoint=False)[:, None]
    grow = np.linspace(0.8, 1.0, 6)[None, :]
    px = np.clip(((w - 1) / 2 * (1 + grow * np.cos(t))).astype(int), 0, w - 1)
    py = np.clip(((h - 1) / 2 * (1 + grow * np.sin(t))).astype(int), 0, h - 1)
    return float((region[py, px] > 0).any(axis=1).mean()) >= 0.8


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Intersection over the smaller of two (x0, y0, x1, y1) boxes."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / max(smaller, 1)


def _area(box: tuple[int, int, int, int]) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


def _merge(seals: list[Seal]) -> list[Seal]:
    """One seal per impression: pieces of a faint seal, or a ring found twice, become one
    box (their union) with the best confidence."""
    merged: list[Seal] = []
    for seal in sorted(seals, key=lambda s: -(s.box[2] - s.box[0]) * (s.box[3] - s.box[1])):
        for i, kept in enumerate(merged):
            if _overlap(seal.box, kept.box) >= MERGE_OVERLAP:
                box = (min(seal.box[0], kept.box[0]), min(seal.box[1], kept.box[1]),
                       max(seal.box[2], kept.box[2]), max(seal.box[3], kept.box[3]))
                best = max(seal, kept, key=lambda s: s.confidence)
                merged[i] = Seal(box=box, shape=kept.shape, colour=kept.colour,
                                 confidence=best.confidence, ink_share=kept.ink_share)
                break
        else:
            merged.append(seal)
    return merged


# Round red shapes this full of ink are national emblems on licences and certificates
# (0.68 and 0.75 on the real-world pages, one of them turned 90°); round seals, whose ink
# is a rim, a ring of text and a star, stayed at 0.40 or less on the corpus and the
# real-world pages. (An official seal is round with red characters: no solid round seal.)
EMBLEM_INK = 0.6


def _judge(ink: np.ndarray, bgr: np.ndarray, box: tuple[int, int, int, int],
           contour: np.ndarray | None, scale: float, colour: str = "red") -> Seal | None:
    """A candidate box becomes a Seal when its shape, ink layout and colours say so."""
    x, y, w, h = box
    if contour is None:
        contour = np.array([[[x, y]], [[x + w, y]], [[x + w, y + h]], [[x, y + h]]])
        shape = "round" if min(w, h) / max(w, h) > 0.85 else "oval"
        fit = 0.9  # the ring test already proved the ellipse
    else:
        shape, fit = _shape(contour, w, h)
    if shape == "none":
        return None
    region = ink[y : y + h, x : x + w]
    share = float(np.count_nonzero(region)) / max(w * h, 1)
    if share < 0.03:
        return None  # sparse strokes: red handwriting or a tick
    if shape == "round" and share >= EMBLEM_INK:
        return None  # a national emblem: red fields round gold figures, no ring of text
    ring = _ring_score(region)
    # a filled blob (logo, stamp pad smear) has ink everywhere; a seal mostly at its rim
    fill_penalty = max(0.0, share - 0.6) * 2
    confidence = max(0.0, min(1.0, 0.45 * fit + 0.45 * ring + 0.1 - fill_penalty))
    if confidence < MIN_CONFIDENCE or _foreign_colours(bgr[y : y + h, x : x + w]):
        return None
    full = (int(x / scale), int(y / scale), int((x + w) / scale), int((y + h) / scale))
    return Seal(box=full, shape=shape, colour=colour, confidence=round(float(confidence), 2),
                ink_share=round(share, 3))


def find_seals(image: PILImage.Image, grey: bool = False) -> list[Seal]:
    """Red seals on a page or photo, most confident first. `grey`: when no red seal is
    there, also look for a black or grey one; only for a picture that may be a seal alone
    (on a page of black text, dark ink is everywhere)."""
    bgr = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)
    height, width = bgr.shape[:2]
    short = min(height, width)
    scale = 1.0
    if short > 1400:  # work on a reduced copy: seals are large, speed matters
        scale = 1400 / short
        bgr = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        height, width = bgr.shape[:2]
        short = min(height, width)
    colourless = _colourless(bgr)
    found = [] if colourless else _seals_in(red_ink(bgr), bgr, short, scale)
    if not found and not colourless:
        faint = red_ink(white_balanced(bgr), faint=True)
        found = [s for s in _seals_in(faint, bgr, short, scale)
                 if _strongest_red(bgr, faint, s, scale) >= FAINT_MIN_LEAD]
    if not found and grey:
        dark = grey_ink(bgr)
        found = [s for s in _seals_in(dark, bgr, short, scale, "grey")
                 if _has_border(dark[_rows(s, scale), _cols(s, scale)])]
    found.sort(key=lambda s: -s.confidence)
    return found


def _colourless(bgr: np.ndarray) -> bool:
    """A grey picture (a black-and-white scan stored as colour): no pixel has any hue, so
    neither red look can find anything and both are skipped."""
    sample = bgr[::4, ::4].astype(np.int16)
    spread = sample.max(axis=2) - sample.min(axis=2)
    return int(spread.max()) <= 8


# The faint look takes pink as red. A washed-out seal still has a core of clear red: the
# 90th percentile of its ink's red lead (R − max(G, B)) was 39–171 on the faint seals of the
# corpus and the real-world pages; pale watermarks and the warm fringes of JPEG text on
# electronic licences, which the faint look also takes, stayed at 14–19.
FAINT_MIN_LEAD = 30


def _strongest_red(bgr: np.ndarray, ink: np.ndarray, seal: Seal, scale: float) -> float:
    rows, cols = _rows(seal, scale), _cols(seal, scale)
    pixels = bgr[rows, cols][ink[rows, cols] > 0].astype(np.int16)
    if not pixels.size:
        return 0.0
    return float(np.percentile(pixels[:, 2] - np.maximum(pixels[:, 0], pixels[:, 1]), 90))


def _rows(seal: Seal, scale: float) -> slice:
    return slice(int(seal.box[1] * scale), int(seal.box[3] * scale))


def _cols(seal: Seal, scale: float) -> slice:
    return slice(int(seal.box[0] * scale), int(seal.box[2] * scale))


def _seals_in(ink: np.ndarray, bgr: np.ndarray, short: int, scale: float,
              colour: str = "red") -> list[Seal]:
    if np.count_nonzero(ink) < 50:
        return []
    found: list[Seal] = []
    line_free = _without_lines(ink, short)
    # blobs of all red ink (a square seal's border is straight lines), and of red ink
    # without long lines (a seal stamped across a red table frame)
    for layer in (ink, line_free):
        for x, y, w, h, contour in _blob_boxes(layer, short):
            seal = _judge(ink, bgr, (x, y, w, h), contour, scale, colour)
            if seal and (layer is ink or _has_border(ink[y : y + h, x : x + w])):
                found.append(seal)
    for box in _ring_boxes(line_free, short):
        seal = _judge(ink, bgr, box, None, scale, colour)
        if seal:
            found.append(seal)
    # a faint seal falls apart into pieces that each look like a small seal: a wider join
    # that gathers two or more such pieces, none of them most of it, is the seal itself
    pieces = list(found)
    joins = _blob_boxes(line_free, short, reach=8) if len(pieces) >= 2 else []
    for x, y, w, h, contour in joins:
        whole = tuple(int(v / scale) for v in (x, y, x + w, y + h))
        area = max((whole[2] - whole[0]) * (whole[3] - whole[1]), 1)
        inside = [p for p in pieces if _overlap(p.box, whole) >= 0.9]
        if len(inside) < 2 or any(_area(p.box) >= 0.35 * area for p in inside):
            continue
        largest = max(max(p.box[2] - p.box[0], p.box[3] - p.box[1]) for p in inside)
        if max(whole[2] - whole[0], whole[3] - whole[1]) > 2.5 * largest:
            continue  # separate seals (an invoice's two) joined with the text between them
        seal = _judge(ink, bgr, (x, y, w, h), contour, scale, colour)
        if seal:
            found.append(seal)
    return _merge(found)
