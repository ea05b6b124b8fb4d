"""OCR of one page image into the document model, cached by the image's hash.

Clean-up (extractors._preprocess), ruled tables found and their lines erased
(extractors._scan_tables), one tesseract `image_to_data` pass over the page; words are
assigned to table cells by their centre, a cell left empty although it holds ink is read
on its own, and the remaining lines become paragraphs as on a PDF text page.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import math
import os
import re
import time
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image as PILImage
from pydantic import TypeAdapter

from extractors import _ppocr, _tesseract
from extractors._pdflayout import Line, assemble, join_cjk
from extractors._preprocess import (
    PREPROCESS_VERSION,
    Prepared,
    long_strokes,
    osd_rotation,
    prepare,
)
from extractors._scan_tables import GridTable, find_tables
from extractors._tickboxes import TickBox, find_boxes, mark_words
from pipeline.core.model import Cell, ContentItem, Location, Table
from pipeline.core.settings import Settings

# tesseract's OpenMP threads fight each other on small machines: one thread per process
# read a 200 dpi page in 7 s where the default took 19 s (2 cores). Parallelism comes
# from running pages in several processes (Prefect/Dask), not from OpenMP.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
_log = logging.getLogger(__name__)

_ITEMS = TypeAdapter(list[ContentItem])
MAX_CELL_PASSES = 40  # per page: empty-but-inked cells read one by one
POOR_CONFIDENCE = 55.0  # mean word confidence below which the orientation is questioned


def tesseract_version(settings: Settings | None = None) -> str:
    """The tesseract that reads (in process or the command), for cache keys."""
    return _tesseract.version(settings.ocr_tesseract_in_process if settings else True)


def _cache_key(image: PILImage.Image, settings: Settings, scale: float) -> str:
    digest = hashlib.sha256()
    digest.update(f"{image.mode}{image.size}{scale}{settings.ocr_languages}"
                  f"{settings.ocr_detect_orientation}{PREPROCESS_VERSION}"
                  f"{tesseract_version(settings)}{settings.ocr_cell_engine}"
                  f"{settings.ocr_gap_engine}{settings.ocr_poor_line_engine}"
                  f"{_ppocr.version()}".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


class PageBudget:
    """The OCR work one page may take: engine calls and seconds (settings
    ocr_page_max_calls, ocr_page_budget_s). The page's first full read always runs; the
    re-reads after it (cells, lines, gaps) stop when the budget is spent, and the page is
    then "partly read": a notice names it, the document is still read."""

    def __init__(self, settings: Settings) -> None:
        self.calls_left = settings.ocr_page_max_calls
        self.deadline = time.monotonic() + settings.ocr_page_budget_s
        self.spent = False
        self.first = True

    def allow(self) -> bool:
        if self.first:
            self.first = False
            return True
        if self.calls_left <= 0 or time.monotonic() > self.deadline:
            self.spent = True
            return False
        self.calls_left -= 1
        return True


_budget: contextvars.ContextVar[PageBudget | None] = contextvars.ContextVar("ocr_budget",
                                                                            default=None)


def _empty() -> dict[str, list]:
    return {field: [] for field in (*_FIELDS, "page_num")}


def _words(binary: np.ndarray, settings: Settings, psm: int = 3) -> dict[str, list]:
    budget = _budget.get()
    if budget is not None and not budget.allow():
        return _empty()  # over the page's budget: this region stays unread
    try:
        return _tesseract.image_to_data(binary, settings.ocr_languages, psm,
                                        settings.ocr_tesseract_in_process)
    except _tesseract.EngineError as exc:
        # tesseract can die on one crop (SIGFPE, status -8, seen on real licence scans):
        # that region stays unread, the page and the document are still read
        _log.warning("OCR 读取失败，该区域 %s 未识别：%s", binary.shape, exc)
        return _empty()


def _cell_of(tables: list[GridTable], cx: float, cy: float) -> tuple[int, int] | None:
    for t_no, table in enumerate(tables):
        for c_no, cell in enumerate(table.cells):
            x0, top, x1, bottom = cell.box
            if x0 <= cx <= x1 and top <= cy <= bottom:
                return t_no, c_no
    return None


def _read_cell(binary: np.ndarray, box: tuple[int, int, int, int], settings: Settings) -> str:
    x0, top, x1, bottom = box
    crop = binary[top + 4 : bottom - 4, x0 + 4 : x1 - 4]
    if crop.size == 0 or np.count_nonzero(crop < 128) < 30:
        return ""
    padded = np.pad(crop, 12, constant_values=255)
    data = _words(padded, settings, psm=6)
    return join_cjk(" ".join(w for w in data["text"] if w.strip()))


def _mean_conf(data: dict[str, list]) -> float:
    conf = [float(c) for c, w in zip(data["conf"], data["text"], strict=False)
            if w.strip() and float(c) >= 0]
    return sum(conf) / len(conf) if conf else 0.0


TALL_LINE = 1.6  # a "line" this many times the median height is two lines run together
_FIELDS = ("level", "block_num", "par_num", "line_num", "word_num", "left", "top", "width",
           "height", "conf", "text")


def _line_boxes(data: dict[str, list]) -> dict[tuple[int, int, int], tuple[int, int, int, int]]:
    boxes: dict[tuple[int, int, int], tuple[int, int, int, int]] = {}
    for i, level in enumerate(data["level"]):
        if level == 4:  # tesseract's line level
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            boxes[key] = (data["left"][i], data["top"][i], data["width"][i], data["height"][i])
    return boxes


def _ink_rows(gray: np.ndarray, top: int, bottom: int, line_height: int
              ) -> list[tuple[int, int]]:
    """Text rows between `top` and `bottom`: runs of pixel rows with ink, split at blank
    rows; rows thinner than a third of a line are noise or punctuation and join a neighbour."""
    band = gray[max(top, 0) : bottom]
    ink = (band < 200).sum(axis=1) > 0  # light anti-aliased edges belong to the glyphs
    rows: list[tuple[int, int]] = []
    start: int | None = None
    for y, has_ink in enumerate(list(ink) + [False]):
        if has_ink and start is None:
            start = y
        elif not has_ink and start is not None:
            rows.append((start + top, y + top))
            start = None
    merged: list[tuple[int, int]] = []
    for row in rows:
        if merged and (row[1] - row[0] < line_height / 3 or
                       merged[-1][1] - merged[-1][0] < line_height / 3):
            merged[-1] = (merged[-1][0], row[1])
        else:
            merged.append(row)
    return merged or [(top, bottom)]


def _split_tall_lines(gray: np.ndarray, data: dict[str, list], settings: Settings
                      ) -> dict[str, list]:
    """psm 6 sometimes runs an indented line and the short line under it ("配合。") into one
    tall line and misreads both; such a line is cut at its blank pixel rows and each text
    row read on its own, in the tall line's place."""
    boxes = _line_boxes(data)
    heights = sorted(b[3] for b in boxes.values())
    if len(heights) < 3:
        return data
    median = heights[len(heights) // 2]
    tall = {k: b for k, b in boxes.items() if b[3] > TALL_LINE * median}
    if not tall:
        return data
    return _replace_lines(data, {key: _reread_rows(gray, key, box, median, settings)
                                 for key, box in tall.items()})


def _replace_lines(data: dict[str, list], replaced: dict[tuple[int, int, int], list[dict]],
                   added: list[dict] | None = None) -> dict[str, list]:
    """`data` with the words of each line in `replaced` swapped for its new words (in the
    line's place, so the reading order holds) and `added` words appended."""
    out: dict[str, list] = {f: [] for f in _FIELDS}
    done: set[tuple[int, int, int]] = set()
    for i in range(len(data["text"])):
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if key in replaced:
            if key not in done:
                done.add(key)
                for values in replaced[key]:
                    for f in _FIELDS:
                        out[f].append(values[f])
            continue
        for f in _FIELDS:
            out[f].append(data[f][i])
    for values in added or []:
        for f in _FIELDS:
            out[f].append(values[f])
    return out


def _reread_rows(gray: np.ndarray, key: tuple[int, int, int], box: tuple[int, int, int, int],
                 median: int, settings: Settings) -> list[dict[str, object]]:
    block, par, line = key
    _left, top, _width, height = box
    words: list[dict[str, object]] = []
    # tesseract's box may clip a glyph of a tilted line: look half a line further
    rows = [(a, b) for a, b in _ink_rows(gray, top - median // 2, top + height + median // 2,
                                         median)
            if min(b, top + height) - max(a, top) >= (b - a) / 2]
    for n, (row_top, row_bottom) in enumerate(rows):
        pad = max(median // 2, 3)  # white margin, not the neighbouring rows' ink
        y0, y1 = max(row_top - 2, 0), row_bottom + 2
        cols = np.where((gray[y0:y1, :] < 200).sum(axis=0) > 0)[0]
        if not cols.size:
            continue
        x0, x1 = max(int(cols.min()) - 5, 0), int(cols.max()) + 5
        crop = np.pad(gray[y0:y1, x0:x1], pad, constant_values=255)
        # single-line and raw-line modes each misread some rows (四、 → 、 in one, 诺： → 谐3
        # in the other): both are asked, the more confident reading is kept
        again = max((_words(crop, settings, psm=psm) for psm in (7, 13)), key=_mean_conf)
        for j, word in enumerate(again["text"]):
            if again["level"][j] != 5 or not word.strip():
                continue
            words.append({"level": 5, "block_num": block, "par_num": par,
                          "line_num": line * 100 + n, "word_num": again["word_num"][j],
                          "left": again["left"][j] + x0 - pad, "top": row_top,
                          "width": again["width"][j], "height": row_bottom - row_top,
                          "conf": again["conf"][j], "text": word})
    return words


POOR_LINE = 50.0  # a line read below this mean confidence may have handwriting in it
BIG_STROKE = 1.5  # ink this many text heights tall is handwriting or a picture, not print


def _word_lines(data: dict[str, list]) -> dict[tuple[int, int, int], list[int]]:
    """The indices of the words of each tesseract line, by (block, paragraph, line)."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if data["level"][i] == 5 and word.strip():
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]),
                             []).append(i)
    return lines


def _line_conf(data: dict[str, list], idx: list[int]) -> float:
    """Mean word confidence of the words `idx` (one line's)."""
    return _mean_conf({"conf": [data["conf"][i] for i in idx],
                       "text": [data["text"][i] for i in idx]})


def _print_height(data: dict[str, list], fallback: int) -> int:
    """The print's own height, from the words read well (the page's row height else)."""
    confident = sorted(data["height"][i] for i, w in enumerate(data["text"])
                       if data["level"][i] == 5 and w.strip() and float(data["conf"][i]) >= 70)
    return confident[len(confident) // 2] if confident else fallback


def _reread_without_big_strokes(gray: np.ndarray, data: dict[str, list], char_px: int,
                                settings: Settings) -> dict[str, list]:
    """A printed label with a signature written next to it ("主要负责人签字：" + a tall
    scrawl) is read as garbage, label and all. Such a poorly read line is read again with
    every ink stroke much taller or longer than the page's print erased; the new reading
    replaces the old one when it is clearly more confident."""
    char_px = _print_height(data, char_px)
    if char_px < 6:
        return data
    lines = _word_lines(data)
    replaced: dict[tuple[int, int, int], list[dict[str, object]]] = {}
    for key, idx in lines.items():
        old = _line_conf(data, idx)
        if old >= POOR_LINE:
            continue
        # a little above and below, not into the neighbouring lines
        x0, y0, x1, y1 = _line_strip(data, idx, char_px, char_px // 4, gray.shape)
        crop = gray[y0:y1, x0:x1].copy()
        if not _erase_big_strokes(crop, char_px):
            continue
        pad = char_px
        again = _words(np.pad(crop, pad, constant_values=255), settings, psm=7)
        if _mean_conf(again) < old + 15:
            continue
        block, par, line = key
        replaced[key] = [{"level": 5, "block_num": block, "par_num": par, "line_num": line,
                          "word_num": again["word_num"][j],
                          "left": again["left"][j] + x0 - pad, "top": again["top"][j] + y0 - pad,
                          "width": again["width"][j], "height": again["height"][j],
                          "conf": again["conf"][j], "text": w}
                         for j, w in enumerate(again["text"])
                         if again["level"][j] == 5 and w.strip()]
    return _replace_lines(data, replaced) if replaced else data


def _line_strip(data: dict[str, list], idx: list[int], side: int, above: int,
                shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """The page strip of the words `idx` (one line), `side` pixels wider each way and
    `above` pixels taller above and below, within the page."""
    x0 = max(min(data["left"][i] for i in idx) - side, 0)
    x1 = min(max(data["left"][i] + data["width"][i] for i in idx) + side, shape[1])
    y0 = max(min(data["top"][i] for i in idx) - above, 0)
    y1 = min(max(data["top"][i] + data["height"][i] for i in idx) + above, shape[0])
    return x0, y0, x1, y1


def _erase_big_strokes(crop: np.ndarray, char_px: int) -> bool:
    """Paint out (in place) every ink stroke much taller or longer than print: a signature
    or a scrawl over a printed line. Whether there was one."""
    ink = (crop < 160).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    big = [j for j in range(1, n) if stats[j, 3] > BIG_STROKE * char_px
           or stats[j, 2] > 3 * char_px]
    if big:
        crop[np.isin(labels, big)] = 255
    return bool(big)


GAP_READ_CONF = 60  # words of a re-read gap below this are noise that sparse mode invents
MAX_GAP_PASSES = 8  # per page
COLUMN_GAP = 4  # text heights of blank between two words: two columns, not one line
MAX_GAP_ROWS = 6  # a band of unread ink taller than this many text rows is a picture


def _reread_gaps(gray: np.ndarray, data: dict[str, list], char_px: int, settings: Settings
                 ) -> dict[str, list]:
    """Text rows that the page reading left unread or read as garbage: the lines of a
    contract's signing block, with seals and signatures over them ("法定代表人：",
    "委托代理人："), in two columns. Each such band is read again in sparse mode with the
    signatures' big strokes erased; what it reads confidently replaces the garbage, one
    line per column. A page read poorly as a whole is left as it is: its trouble is the
    page (a thumbnail, a photo), not a few lines under seals."""
    char_px = _print_height(data, char_px)
    if char_px < 6 or _mean_conf(data) < POOR_CONFIDENCE:
        return data
    lines = _word_lines(data)
    read: list[tuple[int, int]] = []
    poor: dict[tuple[int, int, int], tuple[int, int]] = {}
    for key, idx in lines.items():
        span = (min(data["top"][i] for i in idx),
                max(data["top"][i] + data["height"][i] for i in idx))
        if _line_conf(data, idx) >= POOR_LINE:
            read.append(span)
        else:
            poor[key] = span
    bands: list[tuple[int, int]] = []
    for top, bottom in _ink_rows(_without_lines(gray), 0, gray.shape[0], char_px):
        if not char_px // 2 <= bottom - top <= MAX_GAP_ROWS * char_px:
            continue  # specks; a picture or a photo, not rows of text
        covered = max((min(bottom, b) - max(top, a) for a, b in read), default=0)
        if covered >= (bottom - top) / 2:
            continue
        if bands and top - bands[-1][1] <= char_px // 2:
            bands[-1] = (bands[-1][0], bottom)
        else:
            bands.append((top, bottom))
    added: list[dict] = []
    replaced: dict[tuple[int, int, int], list[dict]] = {}
    block = max(data["block_num"], default=0) + 1
    for top, bottom in bands[:MAX_GAP_PASSES]:
        y0, y1 = max(top - 2, 0), min(bottom + 2, gray.shape[0])
        crop = gray[y0:y1, :].copy()
        _erase_big_strokes(crop, char_px)
        pad = char_px
        words = _gap_words(np.pad(crop, pad, constant_values=255), settings, pad, y0)
        # a word of a row already read well is not read twice
        words = [w for w in words if not any(
            a <= w["top"] + w["height"] / 2 <= b for a, b in read)]
        if not words:
            continue
        # a poorly read line gives way only to a reading of its row that has at least as
        # much text: a line read with low confidence may still be right ("年 月 日")
        for key, (a, b) in poor.items():
            if not y0 <= (a + b) / 2 <= y1:
                continue
            inside = [w for w in words if a <= w["top"] + w["height"] / 2 <= b]
            if sum(len(w["text"]) for w in inside) >= sum(
                    len(data["text"][i].strip()) for i in lines[key]):
                replaced[key] = []
            else:
                words = [w for w in words if w not in inside]
        if not words:
            continue
        for line_words in _lines_of(words, char_px):
            for n, word in enumerate(line_words):
                added.append({"level": 5, "block_num": block, "par_num": 1, "line_num": 1,
                              "word_num": n + 1, **word})
            block += 1
    if not added:
        return data
    return _replace_lines(data, replaced, added)


def _reread_poor_lines(gray: np.ndarray, data: dict[str, list], char_px: int,
                       settings: Settings) -> dict[str, list]:
    """Each line read poorly (below POOR_LINE) read again by PP-OCR (ocr_poor_line_engine)
    on its own strip of the page; the new reading replaces the old when it is clearly more
    confident. An unfilled "年    月    日" read as "秆5交月日" at 14 comes back as "年月日"."""
    from extractors.sign_labels import page_sign_label

    if settings.ocr_poor_line_engine != "ppocr" or not _ppocr.available():
        return data
    char_px = _print_height(data, char_px)
    replaced: dict[tuple[int, int, int], list[dict[str, object]]] = {}
    poor = [(key, idx, _line_conf(data, idx)) for key, idx in _word_lines(data).items()]
    # the worst read first, MAX_POOR_LINES at most: PP-OCR costs ~0.5 s a line, and a page
    # read poorly throughout (an invoice, a photo) had 20 lines read again
    # a signing line stays as tesseract read it (see _label_only)
    poor = sorted((p for p in poor if p[2] < POOR_LINE and not page_sign_label(
        " ".join(data["text"][i] for i in p[1]))), key=lambda p: p[2])
    for key, idx, old in poor[:MAX_POOR_LINES]:
        budget = _budget.get()
        if budget is not None and not budget.allow():
            break
        x0, y0, x1, y1 = _line_strip(data, idx, char_px, char_px // 3, gray.shape)
        pad = char_px
        crop = gray[y0:y1, x0:x1].copy()
        _erase_big_strokes(crop, char_px)  # a signature is no print to read
        again = _ppocr_at_size(np.pad(crop, pad, constant_values=255), char_px)
        if not again or min(conf for _, _, conf in again) < max(old + 15, GAP_READ_CONF) \
                or any(page_sign_label(text) for _, text, _ in again):
            continue
        block, par, line = key
        replaced[key] = [{"level": 5, "block_num": block, "par_num": par, "line_num": line,
                          "word_num": n + 1, "left": int(bx0) + x0 - pad,
                          "top": int(btop) + y0 - pad, "width": int(bx1 - bx0),
                          "height": int(bbottom - btop), "conf": min(conf, PPOCR_CONF_CAP),
                          "text": text.strip()}
                         for n, ((bx0, btop, bx1, bbottom), text, conf)
                         in enumerate(sorted(again, key=lambda r: r[0][0])) if text.strip()]
    return _replace_lines(data, replaced) if replaced else data


PPOCR_TEXT_PX = 32  # PP-OCR reads print of this height well; taller is shrunk to it


def _ppocr_at_size(crop: np.ndarray, char_px: int
                   ) -> list[tuple[tuple[float, float, float, float], str, float]]:
    """PP-OCR's lines of a crop whose print is `char_px` high, boxes in the crop's pixels.
    A page enlarged for tesseract (_legible) is shrunk back first: detection's cost grows
    with the pixels, and PP-OCR needs no enlargement (a licence's strips took 0.8 s each)."""
    if char_px <= PPOCR_TEXT_PX:
        return _ppocr.read_page(crop)
    factor = PPOCR_TEXT_PX / char_px
    small = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    return [(tuple(v / factor for v in box), text, conf)  # type: ignore[misc]
            for box, text, conf in _ppocr.read_page(small)]


MAX_POOR_LINES = 10  # per page: a page read poorly as a whole is a photo's, not a few lines
# PP-OCR reads handwriting as confidently as print: a line it read again carries at most
# this confidence, below extractors.marks.TYPED_CONFIDENCE, so that whether a name after a
# signing label is printed is judged by the shape of its ink, not by how well it was read
PPOCR_CONF_CAP = 79.0


def _label_only(box: tuple[float, float, float, float], text: str
                ) -> tuple[tuple[float, float, float, float], str]:
    """A PP-OCR reading cut after a signing label it holds, its box shortened in step:
    PP-OCR reads a signature as confidently as print, and what stands after the label is
    judged by its ink (extractors.marks), not by this reading. A printed code after the
    label ("数字签名：ADBEAi…") stays."""
    from extractors.sign_labels import after_label, page_sign_label, printed_code

    match = page_sign_label(text)
    if match is None or printed_code(after_label(text[match.start():]) or ""):
        return box, text
    x0, top, x1, bottom = box
    return (x0, top, x0 + (x1 - x0) * match.end() / max(len(text), 1), bottom), \
        text[: match.end()]


def _gap_words(band: np.ndarray, settings: Settings, pad: int, y0: int) -> list[dict]:
    """The words read in a band of the page that its first reading missed, in page
    pixels: by PP-OCR (settings.ocr_gap_engine), each line it finds one word, or by
    tesseract's sparse mode (psm 11). Sparse lines such as "年  月  日" with nothing filled
    in are what PP-OCR finds and tesseract 5.5 leaves out."""
    if settings.ocr_gap_engine == "ppocr" and _ppocr.available():
        budget = _budget.get()
        if budget is not None and not budget.allow():
            return []
        out = []
        for box, text, conf in _ppocr.read_page(band):
            if not text.strip() or conf < GAP_READ_CONF:
                continue
            (x0, top, x1, bottom), text = _label_only(box, text.strip())
            out.append({"left": int(x0) - pad, "top": int(top) + y0 - pad,
                        "width": int(x1 - x0), "height": int(bottom - top),
                        "conf": min(conf, PPOCR_CONF_CAP), "text": text})
        return out
    again = _words(band, settings, psm=11)
    return [{"left": again["left"][j] - pad, "top": again["top"][j] + y0 - pad,
             "width": again["width"][j], "height": again["height"][j],
             "conf": again["conf"][j], "text": w.strip()}
            for j, w in enumerate(again["text"])
            if again["level"][j] == 5 and w.strip() and float(again["conf"][j]) >= GAP_READ_CONF]


def _lines_of(words: list[dict], char_px: int) -> list[list[dict]]:
    """Sparse-mode words into lines, then cut where a wide blank parts two columns. Rows
    come from the words of print height (their centres agree within a row); a word box
    stretched by a signature stroke joins the row its top line of print belongs to."""
    normal = sorted((w for w in words if w["height"] <= 1.4 * char_px),
                    key=lambda w: w["top"] + w["height"] / 2)
    centres: list[list[float]] = []
    for word in normal:
        centre = word["top"] + word["height"] / 2
        if centres and centre - centres[-1][-1] <= 0.6 * char_px:
            centres[-1].append(centre)
        else:
            centres.append([centre])
    rows = [sum(c) / len(c) for c in centres]
    by_row: dict[float, list[dict]] = {}
    for word in words:
        anchor = word["top"] + min(word["height"], char_px) / 2
        row = min(rows, key=lambda r: abs(r - anchor)) if rows else anchor
        by_row.setdefault(row, []).append(word)
    out: list[list[dict]] = []
    for _, row_words in sorted(by_row.items()):
        row_words.sort(key=lambda w: w["left"])
        current = [row_words[0]]
        for word in row_words[1:]:
            last = current[-1]
            if word["left"] - (last["left"] + last["width"]) > COLUMN_GAP * char_px:
                out.append(current)
                current = [word]
            else:
                current.append(word)
        out.append(current)
    return out


CELL_INSET = 5  # pixels inside a cell's border that are kept: the border itself is not text


def _without_ruling(gray: np.ndarray, tables: list[GridTable]) -> np.ndarray:
    """The page with every table replaced by its cells' insides on white: ruling lines make
    tesseract run neighbouring cells together, and stubs of them read as 一 or quotes."""
    clean = gray.copy()
    for table in tables:
        x0, top, x1, bottom = table.box
        clean[top : bottom + 1, x0 : x1 + 1] = 255
        for cell in table.cells:
            cx0, ctop, cx1, cbottom = cell.box
            inner = (slice(ctop + CELL_INSET, max(cbottom - CELL_INSET, ctop + CELL_INSET)),
                     slice(cx0 + CELL_INSET, max(cx1 - CELL_INSET, cx0 + CELL_INSET)))
            clean[inner] = gray[inner]
    return clean


def _cell_text(data: dict[str, list], idx: list[int], right: int) -> str:
    """A cell's words line by line; a line that runs to the cell's right edge wraps into
    the next without a break (as Word holds it), any other line ends a paragraph."""
    rows: dict[tuple[int, int, int], list[int]] = {}
    for i in sorted(idx, key=lambda i: (data["block_num"][i], data["par_num"][i],
                                        data["line_num"][i], data["left"][i])):
        rows.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]),
                        []).append(i)
    text = ""
    prev_end: float | None = None
    prev_height = 0
    for words in rows.values():
        line = join_cjk(" ".join(data["text"][i] for i in words))
        if prev_end is not None:
            text += "" if prev_end >= right - 2.5 * prev_height else "\n"
        text += line
        prev_end = max(data["left"][i] + data["width"][i] for i in words)
        prev_height = sorted(data["height"][i] for i in words)[len(words) // 2]
    return _strip_strays(_AFTER_BOX.sub(r"\1", join_cjk(text)))


_STRAY = "“”\"'`‘’|"
_AFTER_BOX = re.compile(r"([☑□])\s*[“”\"'`‘’]+")  # the painted-out box left a gap read as a quote


def _strip_strays(text: str) -> str:
    """Drop a quote mark or bar that tesseract puts before a cell's text when the gap from
    the neighbouring cell is wide; a quote that has its partner in the text stays."""
    text = text.strip()
    while text and text[0] in _STRAY and not any(q in text[1:] for q in "“”\"‘’"):
        text = text[1:].lstrip()
    while text and text[-1] in "|":
        text = text[:-1].rstrip()
    return text


@dataclass
class _PageRead:
    prepared: Prepared
    tables: list[GridTable]
    data: dict[str, list]  # tesseract's words, tick boxes marked (☑ □)
    boxes: list[TickBox]  # the tick boxes found by shape
    clean: np.ndarray  # the page as read: ruling and tick boxes painted white
    # cells (table, cell) left to PP-OCR: tesseract does not read them (they are painted
    # white in its picture), so each region of the page is read by one engine
    for_ppocr: set[tuple[int, int]]
    page: np.ndarray  # what tesseract reads: `clean` less the PP-OCR cells
    char_px: int  # the typical height of a text row


MAX_PPOCR_CELL_SHARE = 0.15  # a "cell" larger than this share of the page is a frame: tesseract's


def _cells_for_ppocr(tables: list[GridTable], shape: tuple[int, ...], settings: Settings
                     ) -> set[tuple[int, int]]:
    if settings.ocr_cell_engine != "ppocr" or not tables or not _ppocr.available():
        return set()
    page = shape[0] * shape[1]
    return {(t_no, c_no) for t_no, grid in enumerate(tables)
            for c_no, cell in enumerate(grid.cells)
            if (cell.box[2] - cell.box[0]) * (cell.box[3] - cell.box[1])
            <= MAX_PPOCR_CELL_SHARE * page}


def _read_prepared(prepared: Prepared, settings: Settings) -> _PageRead:
    """One block of text (psm 6) first: on document pages it reads far better than
    automatic layout analysis (psm 3), which splits justified CJK lines into fragments and
    misreads them (bench/ocr_cer.py). A page it reads poorly (photos, certificates, sparse
    layouts) is read again with layout analysis, and the better-read text is kept. Form
    cells read by PP-OCR (settings.ocr_cell_engine) are painted out of tesseract's picture
    first: read twice, a form page cost both engines' time (bench/run.py)."""
    tables, _ruling = find_tables(prepared.gray)
    clean = _without_ruling(prepared.gray, tables)
    # tick boxes are found by shape and painted out: OCR reads them as 口, 四, 加 at random
    char_px = _text_height(clean)
    boxes = find_boxes(clean, char_px) if char_px else []
    for box in boxes:
        x0, top, x1, bottom = box.box
        clean[max(top - 2, 0) : bottom + 2, max(x0 - 2, 0) : x1 + 2] = 255
    for_ppocr = _cells_for_ppocr(tables, clean.shape, settings)
    page = clean
    if for_ppocr:
        page = clean.copy()
        for t_no, c_no in for_ppocr:
            x0, top, x1, bottom = tables[t_no].cells[c_no].box
            page[top:bottom, x0:x1] = 255
    data = _split_tall_lines(page, _words(page, settings, psm=6), settings)
    return _PageRead(prepared, tables, data, boxes, clean, for_ppocr, page, char_px)


def _refined(read: _PageRead, settings: Settings) -> _PageRead:
    """The re-reads that mend a first reading (lines crossed by big strokes, rows left
    unread, poorly read lines, a sparse layout), done once, on the orientation kept: a
    page tried both ways round paid for them twice."""
    page, char_px = read.page, read.char_px
    data = _reread_without_big_strokes(page, read.data, char_px, settings)
    data = _reread_gaps(page, data, char_px, settings)
    data = _reread_poor_lines(page, data, char_px, settings)
    if _mean_conf(data) < POOR_CONFIDENCE:
        sparse = _words(page, settings, psm=3)
        if _mean_conf(sparse) > _mean_conf(data):
            data = sparse
    mark_words(data, read.boxes)
    read.data = data
    return read


def _without_lines(gray: np.ndarray) -> np.ndarray:
    """The page with its frames and ruling lines painted white: a bordered certificate or
    form has no blank pixel row otherwise, and its text rows cannot be told apart."""
    ink = (gray < 200).astype(np.uint8) * 255
    height, width = ink.shape
    lines = long_strokes(ink, max(width // 20, 10), max(height // 20, 10))
    out = gray.copy()
    out[cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0] = 255
    return out


def text_row_height(image: PILImage.Image) -> int:
    """Typical height of a text row of a page picture, in its pixels (0: none found)."""
    return _text_height(_without_lines(np.asarray(image.convert("L"))))


def _text_height(gray: np.ndarray) -> int:
    """Typical height of a text row on the page (pixels), from its blank-row gaps."""
    heights = sorted(b - a for a, b in _ink_rows(gray, 0, gray.shape[0], 0) if b - a >= 6)
    return heights[len(heights) // 2] if heights else 0


def _read_page(image: PILImage.Image, settings: Settings) -> _PageRead:
    """Prepare and OCR; when the reading is poor, ask OSD for the orientation and read the
    turned page if that is better."""
    prepared = prepare(image)
    read = _read_prepared(prepared, settings)
    if settings.ocr_detect_orientation and _mean_conf(read.data) < POOR_CONFIDENCE:
        turn = osd_rotation(prepared.gray, settings.ocr_tesseract_in_process)
        if turn:
            turned = _read_prepared(prepare(image, turn), settings)
            if _mean_conf(turned.data) > _mean_conf(read.data):
                read = turned
    return _refined(read, settings)


MAX_LEGIBLE_PIXELS = 12_000_000  # an A4 page at 300 dpi is 8.7 million
MIN_TEXT_PX = 18  # tesseract reads CJK glyphs smaller than this poorly: enlarge the page


def _legible(image: PILImage.Image, scale: float) -> tuple[PILImage.Image, float]:
    """A thumbnail-sized scan (text 6–12 px high) enlarged so its text is about 24 px
    high, with `scale` adjusted so boxes stay in the caller's units."""
    gray = np.asarray(image.convert("L"))
    height = _text_height(gray)
    if not 0 < height < MIN_TEXT_PX or max(image.size) > 4000:
        return image, scale
    # at most MAX_LEGIBLE_PIXELS: a page whose rows are mismeasured (a sideways licence's
    # row gaps are the gaps between characters) was enlarged 3× to 20 million pixels
    factor = min(24 / height, 4.0, math.sqrt(MAX_LEGIBLE_PIXELS / (image.width * image.height)))
    if factor <= 1.05:
        return image, scale
    size = (round(image.width * factor), round(image.height * factor))
    return image.resize(size, PILImage.LANCZOS), scale / factor


def _ocr(image: PILImage.Image, name: str, page_no: int, settings: Settings, scale: float
         ) -> list[ContentItem]:
    """`scale` converts pixels to the page unit of the Location boxes (pt for PDFs)."""
    image, scale = _legible(image, scale)
    read = _read_page(image, settings)
    prepared, tables, data = read.prepared, read.tables, read.data
    binary = prepared.binary
    lines: dict[tuple[int, int, int], list[int]] = {}
    cell_words: dict[tuple[int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if not word.strip():
            continue
        cx = data["left"][i] + data["width"][i] / 2
        cy = data["top"][i] + data["height"][i] / 2
        where = _cell_of(tables, cx, cy)
        if where is not None:
            cell_words.setdefault(where, []).append(i)
        else:
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]),
                             []).append(i)
    page_lines: list[Line] = []
    confidence: dict[int, float] = {}
    for idx in lines.values():
        x0 = min(data["left"][i] for i in idx) * scale
        top = min(data["top"][i] for i in idx) * scale
        x1 = max(data["left"][i] + data["width"][i] for i in idx) * scale
        bottom = max(data["top"][i] + data["height"][i] for i in idx) * scale
        heights = sorted(data["height"][i] for i in idx)
        size = heights[len(heights) // 2] * scale  # the glyphs' height, not the line box's
        text = _AFTER_BOX.sub(r"\1", join_cjk(" ".join(data["text"][i] for i in idx)))
        line = Line(chars=[], text=text, x0=x0,
                    x1=x1, top=top, bottom=bottom, size=max(size, 1.0))
        conf = [float(data["conf"][i]) for i in idx if float(data["conf"][i]) >= 0]
        if conf:
            confidence[id(line)] = sum(conf) / len(conf)
        page_lines.append(line)
    # tesseract's own line order is the reading order (the page is deskewed); sorting by
    # position would swap lines that a residual tilt puts at nearly the same height
    out_tables: list[Table] = []
    passes = 0
    for t_no, grid in enumerate(tables):
        cells: list[Cell] = []
        for c_no, gc in enumerate(grid.cells):
            if (t_no, c_no) in read.for_ppocr:
                text = _ppocr_cell(read, gc.box)
                if text is None:  # PP-OCR read nothing, or the budget is spent: tesseract
                    text = _read_cell(read.clean, gc.box, settings)
            else:
                text = _cell_text(data, cell_words.get((t_no, c_no), []), gc.box[2])
                if not text and passes < MAX_CELL_PASSES:
                    passes += 1
                    text = _read_cell(binary, gc.box, settings)
            box = tuple(v * scale for v in gc.box)
            cells.append(Cell(text=text.strip(), row=gc.row, col=gc.col, row_span=gc.row_span,
                              col_span=gc.col_span,
                              location=Location(file=name, page=page_no, table=t_no + 1,
                                                row=gc.row + 1, col=gc.col + 1, bbox=box)))
        out_tables.append(Table(index=t_no + 1, n_rows=grid.n_rows, n_cols=grid.n_cols,
                                cells=cells,
                                location=Location(file=name, page=page_no, table=t_no + 1,
                                                  bbox=tuple(v * scale for v in grid.box))))
    height, width = binary.shape
    return assemble(page_lines, out_tables, width * scale, height * scale, name, page_no,
                    confidence)


def _ppocr_cell(read: _PageRead, box: tuple[int, int, int, int]) -> str | None:
    """A table cell read by PP-OCR (detection and recognition on the cell alone): on
    scanned forms it reads what tesseract confuses (城币公灭 for 城市公交, bench/ocr_engines.py).
    The cell is read as the page was, its tick boxes painted out; their symbols (☑ □) are
    put before the text that follows each (as for tesseract's words), and lines follow
    each other as in _cell_text. "" for a blank cell; None when the page's budget is spent
    or PP-OCR reads nothing in an inked cell (the caller asks tesseract then)."""
    x0, top, x1, bottom = box
    crop = read.clean[top + CELL_INSET : bottom - CELL_INSET, x0 + CELL_INSET : x1 - CELL_INSET]
    inside = [b for b in read.boxes
              if x0 <= (b.box[0] + b.box[2]) / 2 <= x1 and top <= (b.box[1] + b.box[3]) / 2 <= bottom]
    if crop.size == 0 or (np.count_nonzero(crop < 128) < 30 and not inside):
        return ""
    budget = _budget.get()
    if budget is not None and not budget.allow():
        return None
    pad = 12
    left, above = x0 + CELL_INSET - pad, top + CELL_INSET - pad
    lines = [line for line in _ppocr.read_pieces(np.pad(crop, pad, constant_values=255))
             if line[1] >= CELL_MIN_CONFIDENCE]
    data = _pieces_as_words(lines, left, above, inside)
    if not data["text"]:
        if inside:  # boxes and nothing read beside them: the boxes alone
            data = {f: [] for f in _FIELDS}
            for n, tick in enumerate(sorted(inside, key=lambda b: (b.box[1], b.box[0]))):
                _append_word(data, tick.symbol, tick.box, 1, n + 1)
            return _cell_text(data, list(range(len(data["text"]))), x1)
        return None
    mark_words(data, inside)
    return _cell_text(data, list(range(len(data["text"]))), x1)


CELL_MIN_CONFIDENCE = 50.0  # PP-OCR's (0–100): below it a "line" is a speck or a stroke


def _append_word(data: dict[str, list], text: str, box: tuple[float, float, float, float],
                 line: int, word: int, conf: float = 90.0) -> None:
    x0, top, x1, bottom = box
    values = {"level": 5, "block_num": 1, "par_num": 1, "line_num": line, "word_num": word,
              "left": int(x0), "top": int(top), "width": int(x1 - x0),
              "height": int(bottom - top), "conf": conf, "text": text}
    for name in _FIELDS:
        data[name].append(values[name])


def _pieces_as_words(lines: list[tuple[list[_ppocr.Piece], float]], left: int, above: int,
                     ticks: list[TickBox]) -> dict[str, list]:
    """PP-OCR's lines as tesseract's words (page pixels), one line number per row of the
    cell (lines side by side on one row are one line, left to right). A line's characters
    make one word, cut where a tick box stands between two of them, so that the box's
    symbol goes before the right word."""
    placed = []
    for pieces, conf in lines:
        moved = [(t, (a + left, b + above, c + left, d + above)) for t, (a, b, c, d) in pieces]
        placed.append((moved, conf))
    placed.sort(key=lambda line: (line[0][0][1][1] + line[0][0][1][3]) / 2)
    rows: list[list[tuple[list[_ppocr.Piece], float]]] = []
    for line in placed:
        top, bottom = line[0][0][1][1], line[0][0][1][3]
        if rows:
            r_top, r_bottom = rows[-1][0][0][0][1][1], rows[-1][0][0][0][1][3]
            if min(bottom, r_bottom) - max(top, r_top) > 0.5 * (bottom - top):
                rows[-1].append(line)
                continue
        rows.append([line])
    data: dict[str, list] = {f: [] for f in _FIELDS}
    for row_no, row in enumerate(rows, start=1):
        pieces = sorted((p for line, _ in row for p in line), key=lambda p: p[1][0])
        conf = min(c for _, c in row)
        word: list[_ppocr.Piece] = []
        n = 0
        for piece in pieces:
            if word and _tick_between(word[-1][1], piece[1], ticks):
                n += 1
                _append_word(data, _joined(word), _span(word), row_no, n, conf)
                word = []
            word.append(piece)
        if word:
            _append_word(data, _joined(word), _span(word), row_no, n + 1, conf)
    return data


def _joined(pieces: list[_ppocr.Piece]) -> str:
    text = ""
    for piece, _ in pieces:
        if text and text[-1].isascii() and text[-1].isalnum() and piece[:1].isascii() \
                and piece[:1].isalnum() and len(piece) > 1:
            text += " "  # two Latin words
        text += piece
    return text


def _span(pieces: list[_ppocr.Piece]) -> tuple[float, float, float, float]:
    return (min(p[1][0] for p in pieces), min(p[1][1] for p in pieces),
            max(p[1][2] for p in pieces), max(p[1][3] for p in pieces))


def _tick_between(a: tuple[float, float, float, float], b: tuple[float, float, float, float],
                  ticks: list[TickBox]) -> bool:
    for tick in ticks:
        centre_x = (tick.box[0] + tick.box[2]) / 2
        overlap = min(a[3], tick.box[3]) - max(a[1], tick.box[1])
        if a[2] - 2 <= centre_x <= b[0] + 2 and overlap > 0.3 * (tick.box[3] - tick.box[1]):
            return True
    return False


def ocr_page(image: PILImage.Image, name: str, page_no: int, settings: Settings,
             scale: float = 1.0) -> list[ContentItem]:
    """Blocks and tables read from a page image (see ocr_page_read)."""
    return ocr_page_read(image, name, page_no, settings, scale)[0]


def ocr_page_read(image: PILImage.Image, name: str, page_no: int, settings: Settings,
                  scale: float = 1.0) -> tuple[list[ContentItem], bool]:
    """Blocks and tables read from a page image, and whether the page is only partly read
    (its OCR budget ran out). The same image is OCR'd once per machine (cache under the
    data folder); a partly read page is not cached. Table numbers are per page; the caller
    renumbers."""
    key = _cache_key(image, settings, scale)
    cache = settings.ocr_cache_dir / key[:2] / f"{key}.json"
    if cache.exists():
        try:
            return _retarget(_ITEMS.validate_json(cache.read_bytes()), name, page_no), False
        except ValueError:
            pass  # a damaged cache entry is read again
    budget = PageBudget(settings)
    token = _budget.set(budget)
    try:
        items = _ocr(image, name, page_no, settings, scale)
    finally:
        _budget.reset(token)
    if budget.spent:
        _log.warning("%s 第%d页 OCR 超出预算，部分区域未识别", name, page_no)
        return items, True
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_bytes(_ITEMS.dump_json(items))
    tmp.replace(cache)
    return items, False


def _retarget(items: list[ContentItem], name: str, page_no: int) -> list[ContentItem]:
    """A cached page may come from another file with the same picture: set its name."""
    def fix(location: Location) -> None:
        location.file, location.page = name, page_no

    for item in items:
        fix(item.location)
        if isinstance(item, Table):
            for cell in item.cells:
                fix(cell.location)
    return items
