"""PP-OCR (PP-OCRv6 small detection and recognition) through rapidocr and onnxruntime.

The models are the ONNX files inside the rapidocr wheel, named here by path, so nothing is
ever downloaded (tests/test_ocr_engines.py reads with the network unreachable). One
engine per process, one onnxruntime thread: parallelism comes from processes, as for
tesseract. Where rapidocr or onnxruntime cannot load, `available()` is false and the
callers read with tesseract.

Measured on unrolled seal rings of the real-world pages (bench/realworld.py): PP-OCR
recognition reads the organisation's name where tesseract reads noise, at about a tenth
of tesseract's time per ring.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

_log = logging.getLogger(__name__)
_lock = threading.Lock()
MODELS = {"Det": "PP-OCRv6_det_small.onnx", "Rec": "PP-OCRv6_rec_small.onnx",
          "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx"}


@lru_cache(maxsize=1)
def _engine() -> Any:
    try:
        import rapidocr
        from rapidocr import RapidOCR
    except ImportError as exc:
        _log.warning("PP-OCR（rapidocr）不可用，改用 tesseract：%s", exc)
        return None
    folder = Path(rapidocr.__file__).parent / "models"
    # text_score: rapidocr drops lines read below it; the callers judge confidence themselves
    params: dict[str, Any] = {"Global.log_level": "error", "Global.text_score": 0.1,
                              "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                              "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                              # only large pictures are shrunk; a cell or a band is read as it is
                              "Det.limit_type": "max", "Det.limit_side_len": 1600}
    for part, name in MODELS.items():
        path = folder / name
        if not path.exists():  # never let rapidocr fetch a missing model
            _log.warning("PP-OCR 模型缺失：%s，改用 tesseract", path)
            return None
        params[f"{part}.model_path"] = str(path)
    try:
        return RapidOCR(params=params)
    except Exception as exc:  # noqa: BLE001 — onnxruntime failing to load is not fatal
        _log.warning("PP-OCR 无法加载，改用 tesseract：%s", exc)
        return None


def available() -> bool:
    with _lock:
        return _engine() is not None


@lru_cache(maxsize=1)
def version() -> str:
    """For cache keys: the wheel's version and its models."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        wheel = package_version("rapidocr")
    except PackageNotFoundError:
        wheel = "?"
    return f"rapidocr {wheel} " + " ".join(MODELS.values())


def read_line(image: np.ndarray) -> tuple[str, float]:
    """One line image (dark text on white, or colour) read by PP-OCR recognition alone:
    (text, confidence 0–100); ("", 0.0) when nothing is read or the engine fails."""
    result = _run(image, False, False)  # one unread line, never a lost document
    if result is None:
        return "", 0.0
    texts = [t for t in (getattr(result, "txts", None) or ()) if t and t.strip()]
    if not texts:
        return "", 0.0
    scores = getattr(result, "scores", None)
    score = float(scores[0]) if scores else 0.0
    return "".join(texts).strip(), round(100 * score, 1)


def _run(image: np.ndarray, detect: bool, word_boxes: bool) -> Any:
    """PP-OCR's result for `image`, every switch named; None when the engine is missing
    or fails (that region stays unread)."""
    engine = _engine()
    if engine is None or image.size == 0:
        return None
    rgb = np.dstack([image] * 3) if image.ndim == 2 else image
    try:
        return engine(rgb, use_det=detect, use_cls=False, use_rec=True,
                      return_word_box=word_boxes)
    except Exception as exc:  # noqa: BLE001
        _log.warning("PP-OCR 识别失败，该区域未识别：%s", exc)
        return None


def read_page(image: np.ndarray) -> list[tuple[tuple[float, float, float, float], str, float]]:
    """Text lines found and read on a page image: (x0, top, x1, bottom) in its pixels,
    text, confidence 0–100. Empty when the engine is missing or fails."""
    return [(pieces[0][1] if len(pieces) == 1 else _bounds(pieces), "".join(
                t for t, _ in pieces), conf) for pieces, conf in _lines(image, False)]


def _bounds(pieces: list[Piece]) -> tuple[float, float, float, float]:
    return (min(b[0] for _, b in pieces), min(b[1] for _, b in pieces),
            max(b[2] for _, b in pieces), max(b[3] for _, b in pieces))


Piece = tuple[str, tuple[float, float, float, float]]  # text, (x0, top, x1, bottom)


def read_pieces(image: np.ndarray) -> list[tuple[list[Piece], float]]:
    """Text lines found and read on a picture, each as its characters (CJK) or words
    (Latin) with their boxes in its pixels, and the line's confidence 0–100."""
    return _lines(image, True)


def _lines(image: np.ndarray, word_boxes: bool) -> list[tuple[list[Piece], float]]:
    result = _run(image, True, word_boxes)
    if result is None:
        return []
    try:
        return _pieces_of(result)
    except (TypeError, ValueError, IndexError) as exc:  # an unexpected result: unread
        _log.warning("PP-OCR 结果无法解析，该区域未识别：%s", exc)
        return []


def _pieces_of(result: Any) -> list[tuple[list[Piece], float]]:
    boxes, texts = getattr(result, "boxes", None), getattr(result, "txts", None)
    scores = getattr(result, "scores", None)
    words = getattr(result, "word_results", None) or ()
    if boxes is None or texts is None or scores is None:
        return []
    out = []
    for n, (box, text, score) in enumerate(zip(boxes, texts, scores, strict=False)):
        if not text or not text.strip():
            continue
        line_words = words[n] if n < len(words) else None
        pieces: list[Piece] = []
        if isinstance(line_words, list | tuple):
            for entry in line_words:
                if isinstance(entry, list | tuple) and len(entry) == 3:
                    piece, _conf, corners = entry
                    xs, ys = [float(p[0]) for p in corners], [float(p[1]) for p in corners]
                    pieces.append((str(piece), (min(xs), min(ys), max(xs), max(ys))))
        if not pieces:  # no character boxes for this line (rapidocr gives an empty record)
            xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
            pieces = [(text, (min(xs), min(ys), max(xs), max(ys)))]
        out.append((pieces, round(100 * float(score), 1)))
    return out
