"""Page image clean-up before OCR (OpenCV): upright, straight, no red, black on white.

Order matters: red (seals, red headings) is removed from the colour image first, because
after grey conversion a red seal is as dark as text; orientation (tesseract OSD) before
deskew, because deskew only corrects small angles. No smoothing: measured on noisy pages
(bench/ocr_cer.py), a median filter costs more characters than the speckle it removes.
The grey image goes to tesseract (its own binarisation keeps thin strokes such as 一 that
a global threshold of a noisy page loses); the binary copy finds table ruling.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image as PILImage

PREPROCESS_VERSION = "21"  # part of the OCR cache key: bump when the OCR output changes
MAX_SKEW_DEG = 6.0
OSD_MIN_CONFIDENCE = 2.0


@dataclass
class Prepared:
    gray: np.ndarray  # uint8, red removed, upright and deskewed: what tesseract reads
    binary: np.ndarray  # the same, black (0) on white (255): for ruling lines and ink tests
    rotated_by: int  # degrees clockwise applied for orientation (0, 90, 180, 270)
    skew_deg: float  # small-angle correction applied
    red_share: float  # share of the page's pixels that were red and removed


def red_mask(bgr: np.ndarray) -> np.ndarray:
    """Red and dark-red pixels (both hue bands of HSV), as 255 in a uint8 mask."""
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    low = cv2.inRange(hsv, np.array([0, 70, 60]), np.array([12, 255, 255]))
    high = cv2.inRange(hsv, np.array([160, 70, 60]), np.array([180, 255, 255]))
    return cv2.bitwise_or(low, high)


def long_strokes(ink: np.ndarray, across: int, down: int) -> np.ndarray:
    """The horizontal strokes at least `across` pixels long and the vertical ones at least
    `down` long of a 0/255 ink mask: rules, frames, underlines."""
    return cv2.bitwise_or(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1))),
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, down))))


def drop_red(bgr: np.ndarray) -> tuple[np.ndarray, float]:
    """Grey page with red ink gone: where the page is red, its red channel (red ink is
    bright there, black text under the seal stays dark); elsewhere the usual luminance,
    so blue or green text keeps its contrast. Painting red pixels white instead would cut
    holes into every stroke a seal covers."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    mask = cv2.dilate(red_mask(bgr), np.ones((3, 3), np.uint8)) > 0
    gray[mask] = bgr[..., 2][mask]
    return gray, float(np.count_nonzero(mask)) / mask.size


def osd_rotation(gray: np.ndarray, in_process: bool = True) -> int:
    """Clockwise degrees that make the page upright, by tesseract OSD; 0 when unsure."""
    from extractors._tesseract import orientation

    scale = 1600 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) \
        if scale < 1 else gray
    found = orientation(small, in_process)
    if found is None or found[1] < OSD_MIN_CONFIDENCE:
        return 0  # too little text to tell: leave the page as it is
    return found[0]


def rotate_quarter(image: np.ndarray, clockwise_deg: int) -> np.ndarray:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(image, codes[clockwise_deg]) if clockwise_deg in codes else image


def _profile_score(ink: np.ndarray, angle: float) -> float:
    h, w = ink.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.var(rows))


def skew_angle(gray: np.ndarray) -> float:
    """Angle (degrees, counter-clockwise positive) that makes text lines horizontal: the
    rotation whose row profile is sharpest, coarse then fine, on a reduced copy."""
    scale = 1000 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) \
        if scale < 1 else gray
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if ink.sum() < 50:
        return 0.0
    coarse = np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 0.01, 0.5)
    best = max(coarse, key=lambda a: _profile_score(ink, float(a)))
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    return round(float(max(fine, key=lambda a: _profile_score(ink, float(a)))), 2)


def rotate_small(image: np.ndarray, angle: float) -> np.ndarray:
    if abs(angle) < 0.05:
        return image
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def binarise(gray: np.ndarray) -> np.ndarray:
    """Median filter against speckle (ruling and ink tests only), then Otsu; photos with uneven light (a bimodal
    histogram missing) get a local threshold instead."""
    clean = cv2.medianBlur(gray, 3)
    level, binary = cv2.threshold(clean, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    background = float(np.median(clean))
    if background - level < 40:  # little contrast between paper and ink: light varies
        binary = cv2.adaptiveThreshold(clean, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                       cv2.THRESH_BINARY, 41, 15)
    return binary


def prepare(image: PILImage.Image, rotate_by: int = 0) -> Prepared:
    """`rotate_by`: clockwise quarter turns found by OSD (the caller asks OSD only when
    a first reading is poor: OSD costs about as much as a third of a page's OCR)."""
    rgb = np.asarray(image.convert("RGB"))
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    gray, red_share = drop_red(bgr)
    gray = rotate_quarter(gray, rotate_by)
    skew = skew_angle(gray)
    gray = rotate_small(gray, skew)
    return Prepared(gray=gray, binary=binarise(gray), rotated_by=rotate_by, skew_deg=skew,
                    red_share=red_share)
