"""The text round a seal's ring (the organisation's name), read by unwrapping the ring.

The seal is scaled to a circle, its red ink taken as text, and the ring unrolled with
cv2.warpPolar so that the arc of characters becomes one straight line: the angle runs left
to right starting from the bottom of the seal (where the ring text has its gap), the
radius bottom to top (characters stand with their tops outward). tesseract reads that line
(psm 7); the rings of a whole document are read in one tesseract run (RingReader). What
comes back is a reading, with tesseract's confidence; the caller decides how far to trust it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import tempfile
from pathlib import Path

import cv2
import numpy as np
import pytesseract
from PIL import Image as PILImage

from extractors.seals import grey_ink, red_ink
from pipeline.model import SealMark

SIDE = 600  # the seal is read at this size: its ring text is then about 100 px high
BAND = (0.55, 0.97)  # the ring text lies between these fractions of the radius

RING_VERSION = "1"  # bump when unwrapping or reading changes: cached readings go stale


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


def _too_small(box: tuple[int, int, int, int]) -> bool:
    x0, y0, x1, y1 = box
    return x1 - x0 < 24 or y1 - y0 < 24


def _words_by_page(tsv: str) -> dict[int, list[tuple[str, float]]]:
    """tesseract's TSV: the recognised words of each page (1-based), with confidence."""
    out: dict[int, list[tuple[str, float]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word, conf = cols[11].strip(), float(cols[10])
        if word and conf >= 0:
            out.setdefault(int(cols[1]), []).append((word, conf))
    return out


def _reading(words: list[tuple[str, float]]) -> tuple[str, float]:
    if not words:
        return "", 0.0
    weight = sum(len(w) for w, _ in words)
    return "".join(w for w, _ in words), round(sum(len(w) * c for w, c in words) / weight, 1)


def read_lines(lines: list[np.ndarray], languages: str = "chi_sim") -> list[tuple[str, float]]:
    """Each unrolled ring read as one text line, all in one tesseract run: the pages of one
    multi-page TIFF. Starting tesseract and loading its model costs more than reading a
    ring, and a bound volume has a seal on many pages."""
    if not lines:
        return []
    with tempfile.TemporaryDirectory(prefix="yushen-rings-") as tmp:
        tiff = Path(tmp) / "rings.tif"
        frames = [PILImage.fromarray(line) for line in lines]
        frames[0].save(tiff, save_all=True, append_images=frames[1:], compression="tiff_lzw")
        try:
            done = subprocess.run(
                [pytesseract.pytesseract.tesseract_cmd, str(tiff), "stdout", "-l", languages,
                 "--oem", "1", "--psm", "7", "tsv"],
                capture_output=True, check=True, timeout=30 + 5 * len(lines))
        except (OSError, subprocess.SubprocessError):
            # an unread ring is a notice downstream (G-03), never a reason to lose the page
            return [("", 0.0)] * len(lines)
    pages = _words_by_page(done.stdout.decode("utf-8", "replace"))
    return [_reading(pages.get(n, [])) for n in range(1, len(lines) + 1)]


class RingReader:
    """The seals of one document waiting for their ring text, read together by `read()`.
    With a `cache_dir`, each reading is kept under the hash of its unrolled ring (the same
    seal picture in a resubmitted or re-checked file is not read again)."""

    def __init__(self, languages: str = "chi_sim", cache_dir: Path | None = None) -> None:
        self.languages = languages
        self.cache_dir = cache_dir / "rings" if cache_dir else None
        self._waiting: list[tuple[SealMark, np.ndarray]] = []

    def add(self, mark: SealMark, image: PILImage.Image, box: tuple[int, int, int, int],
            colour: str) -> None:
        if _too_small(box):
            mark.ring_text, mark.ring_confidence = "", 0.0
            return
        self._waiting.append((mark, unwrap(image, box, colour)))

    def _cache_file(self, line: np.ndarray) -> Path | None:
        if self.cache_dir is None:
            return None
        from extractors.ocr import tesseract_version

        digest = hashlib.sha256(f"{line.shape}{self.languages}{RING_VERSION}"
                                f"{tesseract_version()}".encode())
        digest.update(line.tobytes())
        return self.cache_dir / f"{digest.hexdigest()}.json"

    def read(self) -> None:
        files = [self._cache_file(line) for _, line in self._waiting]
        known: dict[int, tuple[str, float]] = {}
        for n, file in enumerate(files):
            try:
                if file is not None and file.exists():
                    text, conf = json.loads(file.read_text(encoding="utf-8"))
                    known[n] = (str(text), float(conf))
            except (OSError, ValueError, TypeError):
                pass  # a damaged entry is read again
        todo = [n for n in range(len(self._waiting)) if n not in known]
        readings = read_lines([self._waiting[n][1] for n in todo], self.languages)
        for n, reading in zip(todo, readings, strict=True):
            known[n] = reading
            file = files[n]
            if file is not None and reading[0]:  # an empty reading may be a failed run
                try:
                    file.parent.mkdir(parents=True, exist_ok=True)
                    tmp = file.with_suffix(f".{os.getpid()}.tmp")
                    tmp.write_text(json.dumps(list(reading), ensure_ascii=False),
                                   encoding="utf-8")
                    tmp.replace(file)
                except OSError:
                    pass  # the cache is an optimisation only
        for n, (mark, _) in enumerate(self._waiting):
            mark.ring_text, mark.ring_confidence = known[n]
        self._waiting = []


def ring_text(image: PILImage.Image, box: tuple[int, int, int, int], colour: str = "red",
              languages: str = "chi_sim") -> tuple[str, float]:
    """(text, mean word confidence 0–100) of one ring; ("", 0.0) when nothing is read."""
    if _too_small(box):
        return "", 0.0
    return read_lines([unwrap(image, box, colour)], languages)[0]
