"""Signing labels that the page's OCR did not read, found beside the seals by PP-OCR.

A seal is stamped where a page is signed: over "单位负责人（签字）：" and its signature, and
tesseract often reads nothing of that line (a phone photo's perspective, the seal's red
over the print, the signature's strokes through it). When a page has a seal but its text
holds no signing label, the band of the page around each seal is read by PP-OCR
(detection and recognition, models in the rapidocr wheel) and the lines that are signing
labels are added to the page, so that extractors.marks can look for the signature beside
them. Only such lines are added: the page's text otherwise stays tesseract's.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import cv2
import numpy as np
from PIL import Image as PILImage
from pydantic import TypeAdapter

from extractors._preprocess import drop_red
from extractors.sign_labels import page_sign_label
from pipeline.core.model import Block, ContentItem, Location, SealMark

_log = logging.getLogger(__name__)
ABOVE, BELOW = 1.2, 0.4  # the band looked at: seal heights above and below the seal
MIN_CONFIDENCE = 60.0  # PP-OCR's (0–100): below it a "label" may be a misreading


def _has_label(items: list[ContentItem]) -> bool:
    return any(page_sign_label(line) for item in items if isinstance(item, Block)
               for line in item.text.splitlines())


LABELS_VERSION = "4"  # bump when the band or the reading changes: cached readings go stale
_BLOCKS = TypeAdapter(list[Block])


def labels_beside_seals(picture: PILImage.Image, items: list[ContentItem],
                        seals: list[SealMark], scale: float, name: str, page_no: int,
                        cache_dir: Path | None = None) -> list[Block]:
    """Signing-label lines read by PP-OCR near the page's seals, as Blocks in page units
    (`scale`: page units per pixel of `picture`). Empty when the page's text already has a
    label, has no seal, or PP-OCR is not available. With `cache_dir` (the OCR cache) the
    reading of a page picture is kept, as the page's OCR is."""
    if not seals or _has_label(items):
        return []
    from extractors import _ppocr

    if not _ppocr.available():
        return []
    rgb = np.asarray(picture.convert("RGB"))
    cache = None
    if cache_dir is not None:
        digest = hashlib.sha256(f"{LABELS_VERSION}{_ppocr.version()}{scale}"
                                f"{[s.box for s in seals]}{rgb.shape}".encode())
        digest.update(rgb.tobytes())
        cache = cache_dir / "labels" / f"{digest.hexdigest()}.json"
        try:
            found = _BLOCKS.validate_json(cache.read_bytes())
        except (OSError, ValueError):
            pass  # not read yet, or a damaged entry: read again
        else:
            for block in found:
                block.location.file, block.location.page = name, page_no
            return found
    found = _read_bands(rgb, seals, scale, name, page_no)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(_BLOCKS.dump_json(found))
            tmp.replace(cache)
        except OSError:
            pass  # the cache is an optimisation only
    return found


def _add_labels(found: list[Block],
                lines: list[tuple[tuple[float, float, float, float], str, float]],
                top: int, scale: float, name: str, page_no: int, left: int = 0) -> None:
    """The signing labels among PP-OCR's `lines` of a strip `top` pixels down and `left`
    across."""
    for (x0, y0, x1, y1), text, conf in lines:
        if conf < MIN_CONFIDENCE or not page_sign_label(text):
            continue
        box = ((x0 + left) * scale, (y0 + top) * scale, (x1 + left) * scale,
               (y1 + top) * scale)
        if any(_same_line(b.location.bbox, box) for b in found):
            continue
        found.append(Block(text=text, confidence=conf,
                           location=Location(file=name, page=page_no, bbox=box)))


def _same_line(a: tuple[float, ...] | None, b: tuple[float, ...]) -> bool:
    if a is None:
        return False
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1]) and min(a[2], b[2]) > max(a[0], b[0])


STRIP = 1 / 3  # strips read when the band finds no label: this share of the seal's height


def _read_bands(rgb: np.ndarray, seals: list[SealMark], scale: float, name: str,
                page_no: int) -> list[Block]:
    from extractors import _ppocr

    height = rgb.shape[0]
    found: list[Block] = []
    gray = None
    bands: list[tuple[int, int]] = []
    for seal in seals:
        top, bottom = seal.box[1] / scale, seal.box[3] / scale
        tall = bottom - top
        band = (max(int(top - ABOVE * tall), 0), min(int(bottom + BELOW * tall), height))
        if any(a <= band[0] and band[1] <= b for a, b in bands):
            continue  # inside a band already read
        bands.append(band)
        before = len(found)
        _add_labels(found, _ppocr.read_page(rgb[band[0]:band[1]]), band[0], scale, name,
                    page_no)
        if len(found) == before:
            # PP-OCR's detection loses a line that a seal and a signature cross when it
            # sees the whole band (seal_021: "单位负责人（签字）："); in strips of a third of
            # the seal's height across the seal's rows, red dropped, two seal widths to its
            # left (the label) and one to its right (the signature), it finds it
            if gray is None:
                gray, _ = drop_red(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
            strip = max(int(STRIP * tall), 16)
            wide = (seal.box[2] - seal.box[0]) / scale
            left = max(int(seal.box[0] / scale - 2 * wide), 0)
            right = min(int(seal.box[2] / scale + wide), rgb.shape[1])
            first, last = int(top), min(int(bottom), height)
            tops = list(range(first, max(last - strip, first) + 1, strip // 2))
            _read_strips(found, gray, tops, strip, left, right, scale, name, page_no)
    if found:
        _log.info("%s 第%d页：印章旁由 PP-OCR 读出签字标签 %d 处", name, page_no, len(found))
    return found


STRIP_GAP = 24  # white pixels between the strips stacked for one PP-OCR reading


def _read_strips(found: list[Block], gray: np.ndarray, tops: list[int], strip: int,
                 left: int, right: int, scale: float, name: str, page_no: int) -> None:
    """The strips starting at `tops` (overlapping by half, so that no line is only ever
    cut) stacked one under another with white between and read by one PP-OCR call: its
    detection costs one run over the stack instead of one run per strip."""
    from extractors import _ppocr

    pieces = [gray[t : t + strip, left:right] for t in tops]
    pieces = [p for p in pieces if p.size]
    if not pieces:
        return
    width = max(p.shape[1] for p in pieces)
    gap = np.full((STRIP_GAP, width), 255, np.uint8)
    rows: list[np.ndarray] = []
    offsets: list[int] = []  # where each strip starts in the stack
    for piece in pieces:
        offsets.append(sum(r.shape[0] for r in rows))
        rows += [np.pad(piece, ((0, 0), (0, width - piece.shape[1])), constant_values=255), gap]
    stack = np.vstack(rows)
    for box, text, conf in _ppocr.read_page(stack):
        middle = (box[1] + box[3]) / 2
        n = max(i for i, at in enumerate(offsets) if at <= middle)
        shift = tops[n] - offsets[n]  # stack rows to page rows
        _add_labels(found, [((box[0], box[1] + shift, box[2], box[3] + shift), text, conf)],
                    0, scale, name, page_no, left)
