"""The text round a seal's ring (the organisation's name), read by unwrapping the ring.

The seal is scaled to a circle, its red ink taken as text, and the ring unrolled with
cv2.warpPolar so that the arc of characters becomes one straight line: the angle runs left
to right starting from the bottom of the seal (where the ring text has its gap), the
radius bottom to top (characters stand with their tops outward). tesseract reads that line
(psm 7). What comes back is a reading, with tesseract's confidence; the caller decides how
far to trust it.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytesseract
from PIL import Image as PILImage

from extractors.seals import grey_ink, red_ink

SIDE = 600  # the seal is read at this size: its ring text is then about 100 px high
BAND = (0.55, 0.97)  # the ring text lies between these fractions of the radius


def unwrap(image: PILImage.Image, box: tuple[int, int, int, int], colour: str = "red"
           ) -> np.ndarray:
    """The ring of the seal in `box` (pixels of `image`) as a line image, dark on white."""
    bgr = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)
    x0, y0, x1, y1 = box
    crop = cv2.resize(bgr[y0:y1, x0:x1], (SIDE, SIDE), interpolation=cv2.INTER_CUBIC)
    ink = red_ink(crop, faint=True) if colour == "red" else grey_ink(crop)
    radius = SIDE / 2
    steps = int(2 * math.pi * sum(BAND) / 2 * radius)  # one pixel of arc per angle step
    polar = cv2.warpPolar(ink, (int(radius), steps), (radius, radius), radius,
                          cv2.INTER_LINEAR + cv2.WARP_POLAR_LINEAR)
    polar = np.roll(polar, -steps // 4, axis=0)  # start at the bottom (90° in image axes)
    band = polar[:, int(BAND[0] * radius) : int(BAND[1] * radius)]
    line = 255 - cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return cv2.copyMakeBorder(line, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)


def ring_text(image: PILImage.Image, box: tuple[int, int, int, int], colour: str = "red",
              languages: str = "chi_sim") -> tuple[str, float]:
    """(text, mean word confidence 0–100) of the ring; ("", 0.0) when nothing is read."""
    x0, y0, x1, y1 = box
    if x1 - x0 < 24 or y1 - y0 < 24:
        return "", 0.0
    line = unwrap(image, box, colour)
    data = pytesseract.image_to_data(PILImage.fromarray(line), lang=languages,
                                     config="--oem 1 --psm 7",
                                     output_type=pytesseract.Output.DICT)
    words = [(w.strip(), float(c)) for w, c in zip(data["text"], data["conf"], strict=False)
             if w.strip() and float(c) >= 0]
    if not words:
        return "", 0.0
    text = "".join(w for w, _ in words)
    weight = sum(len(w) for w, _ in words)
    return text, round(sum(len(w) * c for w, c in words) / weight, 1)
