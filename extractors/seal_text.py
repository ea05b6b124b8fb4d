"""The text round a seal's ring (the organisation's name), read by unwrapping the ring.

The seal is scaled to a circle, its red ink taken as text, and the ring unrolled with
cv2.warpPolar so that the arc of characters becomes one straight line: the angle runs left
to right starting from the bottom of the seal (where the ring text has its gap), the
radius bottom to top (characters stand with their tops outward).

PP-OCR recognition reads that line (settings.ocr_ring_engine "ppocr", the default): on the
rings of the real-world pages it reads the organisation's name where tesseract reads noise
("深圳市白云航空旅游有限公司" against "ES<深圳市生云航空放流林内全二"), in a tenth of the
time (bench/realworld.py). Each ring is unrolled twice, as the red-ink mask and as a
continuous "redness" picture (black print under the seal fades out of it rather than
leaving holes), and the more confident reading is kept. The line starts at the bottom, where the ring's
gap is, unless characters stand there and a clear gap lies elsewhere (a ring written past
the bottom, a seal stamped askew): it then starts in that gap. With "tesseract" (or where PP-OCR
cannot load) the mask is read by tesseract (psm 7), the rings of a whole document in one
run. What comes back is a reading with the engine's confidence (0–100); the caller decides
how far to trust it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import subprocess
import tempfile
from pathlib import Path

import cv2
import numpy as np
import pytesseract
from PIL import Image as PILImage

from extractors.seals import grey_ink, red_ink
from pipeline.core.model import Location, SealMark

SIDE = 600  # the seal is read at this size: its ring text is then about 100 px high
BAND = (0.55, 0.97)  # the ring text lies between these fractions of the radius

RING_VERSION = "3"  # bump when unwrapping or reading changes: cached readings go stale


def _redness(crop: np.ndarray) -> np.ndarray:
    """How much redder than its other channels each pixel is, stretched to 0–255: the
    seal's ink bright, paper and black print dark."""
    f = crop.astype(np.int16)
    red = np.clip(f[..., 2] - np.maximum(f[..., 0], f[..., 1]), 0, 255).astype(np.float32)
    top = max(float(np.percentile(red, 99)), 1.0)
    return np.clip(red * (255.0 / top), 0, 255).astype(np.uint8)


def _gap_shift(band: np.ndarray) -> int:
    """Rows (angle steps) by which to roll the unrolled band (which starts at the bottom)
    so that the line starts in the middle of the ring's gap: the longest stretch of angle
    holding no ring character. A character fills much of the band's depth; the seal's small
    code digits along the bottom arc and the outer border do not, so they count as gap; a
    thin character (一, 二) lies within a character's width of its neighbours. A seal
    stamped askew has its gap elsewhere than at the bottom; when the bottom lies in the
    longest stretch, or no stretch is wider than a character, nothing moves."""
    steps, depth = band.shape
    inner = band[:, int(0.05 * depth) : int(0.85 * depth)] > 127
    extent = np.zeros(steps, np.float32)
    has = inner.any(axis=1)
    if not has.any():
        return 0
    first = np.where(has, np.argmax(inner, axis=1), 0)
    last = np.where(has, inner.shape[1] - 1 - np.argmax(inner[:, ::-1], axis=1), 0)
    extent[has] = (last - first + 1)[has]
    tall = extent >= GAP_TEXT_EXTENT * inner.shape[1]
    reach = max(int(GAP_REACH * depth), 1)
    text = np.zeros(steps, bool)
    for k in range(-reach, reach + 1):
        text |= np.roll(tall, k)
    if text.all() or not text.any() or not text[0]:
        return 0  # no character at the bottom: the line starts there, in the gap
    start = int(np.argmax(text))  # runs of gap, going round once from a step of text
    order = np.roll(~text, -start)
    best_len, best_mid, run = 0, 0, 0
    for n, is_gap in enumerate(np.append(order, False)):
        if is_gap:
            run += 1
            continue
        if run > best_len:
            best_len, best_mid = run, (start + n - run + run // 2) % steps
        run = 0
    if best_len < GAP_MIN * depth:
        return 0  # no clear gap: an oval's two arcs of text, a ring written all round
    if min(best_mid, steps - best_mid) <= best_len // 2 + reach:
        return 0  # the bottom is in the gap already
    return best_mid


GAP_TEXT_EXTENT = 0.45  # a ring character spans this share of the band's depth at least
GAP_REACH = 0.5  # a character's width, in band depths: neighbours join across thin ones
# a gap at least this many band depths long: rings of the real-world pages stamped askew
# had 1.0–1.9, the space between an invoice oval's two arcs of text 0.7
GAP_MIN = 0.9


def unwrap(image: PILImage.Image, box: tuple[int, int, int, int], colour: str = "red",
           continuous: bool = False) -> np.ndarray:
    """The ring of the seal in `box` (pixels of `image`) as a line image, dark on white:
    unrolled from the ink mask, or (`continuous`, red seals) from the redness picture;
    starting at the bottom, or in the ring's gap when characters stand at the bottom and a
    clear gap lies elsewhere (_gap_shift)."""
    bgr = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)
    x0, y0, x1, y1 = box
    crop = cv2.resize(bgr[y0:y1, x0:x1], (SIDE, SIDE), interpolation=cv2.INTER_CUBIC)
    mask = grey_ink(crop) if colour != "red" else red_ink(crop, faint=True)
    ink = _redness(crop) if continuous and colour == "red" else mask
    radius = SIDE / 2
    steps = int(2 * math.pi * sum(BAND) / 2 * radius)  # one pixel of arc per angle step

    def polar_band(picture: np.ndarray) -> np.ndarray:
        polar = cv2.warpPolar(picture, (int(radius), steps), (radius, radius), radius,
                              cv2.INTER_LINEAR + cv2.WARP_POLAR_LINEAR)
        polar = np.roll(polar, -steps // 4, axis=0)  # start at the bottom (90° in image axes)
        return polar[:, int(BAND[0] * radius) : int(BAND[1] * radius)]

    band = polar_band(ink)
    shift = _gap_shift(polar_band(mask))
    if shift:
        band = np.roll(band, -shift, axis=0)
    line = 255 - cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return cv2.copyMakeBorder(line, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)


_END_JUNK = re.compile(r"^[^\u4e00-\u9fff（]+|[^\u4e00-\u9fff）]+$")


def clean_ring(text: str) -> str:
    """A ring reading without what cannot be part of a name at its ends: the blanks, Latin
    letters, digits and marks read from the seal's code digits, border and star
    ("0河乐德任建筑工程有限公司2。" loses "0" and "2。")."""
    text = text.replace("(", "（").replace(")", "）").strip()
    return _END_JUNK.sub("", text)


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


def _read_ppocr(variants: list[np.ndarray]) -> tuple[str, float]:
    """The most confident PP-OCR reading of a ring's unrolled lines."""
    from extractors import _ppocr

    return max((_ppocr.read_line(line) for line in variants), key=lambda r: r[1],
               default=("", 0.0))


def _use_ppocr(engine: str) -> bool:
    if engine != "ppocr":
        return False
    from extractors import _ppocr

    return _ppocr.available()


class RingReader:
    """The seals of one document waiting for their ring text, read together by `read()`.
    With a `cache_dir`, each reading is kept under the hash of its unrolled ring (the same
    seal picture in a resubmitted or re-checked file is not read again). `engine`: "ppocr"
    (PP-OCR recognition where it loads) or "tesseract"."""

    def __init__(self, languages: str = "chi_sim", cache_dir: Path | None = None,
                 engine: str = "ppocr") -> None:
        self.languages = languages
        self.cache_dir = cache_dir / "rings" if cache_dir else None
        self.engine = engine
        self._waiting: list[tuple[SealMark, list[np.ndarray]]] = []

    @functools.cached_property
    def ppocr(self) -> bool:
        """Whether PP-OCR reads: asked at the first ring, so a document without seals never
        loads it (its import alone takes a second or two)."""
        return _use_ppocr(self.engine)

    def add(self, mark: SealMark, image: PILImage.Image, box: tuple[int, int, int, int],
            colour: str) -> None:
        if _too_small(box):
            mark.ring_text, mark.ring_confidence = "", 0.0
            return
        lines = [unwrap(image, box, colour)]
        if self.ppocr and colour == "red":
            lines.append(unwrap(image, box, colour, continuous=True))
        self._waiting.append((mark, lines))

    def _cache_file(self, lines: list[np.ndarray]) -> Path | None:
        if self.cache_dir is None:
            return None
        if self.ppocr:
            from extractors._ppocr import version
        else:
            from extractors.ocr import tesseract_version as version
        digest = hashlib.sha256(f"{self.languages}{RING_VERSION}{version()}".encode())
        for line in lines:
            digest.update(f"{line.shape}".encode())
            digest.update(line.tobytes())
        return self.cache_dir / f"{digest.hexdigest()}.json"

    def read(self) -> None:
        if not self._waiting:
            return
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
        if self.ppocr:
            readings = [_read_ppocr(self._waiting[n][1]) for n in todo]
        else:
            readings = read_lines([self._waiting[n][1][0] for n in todo], self.languages)
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
            text, confidence = known[n]
            mark.ring_text, mark.ring_confidence = clean_ring(text), confidence
        self._waiting = []


def ring_text(image: PILImage.Image, box: tuple[int, int, int, int], colour: str = "red",
              languages: str = "chi_sim", engine: str = "ppocr") -> tuple[str, float]:
    """(text, confidence 0–100) of one ring; ("", 0.0) when nothing is read."""
    mark = SealMark(location=Location(file="", page=1), box=(0, 0, 1, 1), unit="px",
                    shape="round", colour="red", confidence=1.0)
    reader = RingReader(languages, engine=engine)
    reader.add(mark, image, box, colour)
    reader.read()
    return mark.ring_text or "", mark.ring_confidence or 0.0
