"""tesseract, in process (tesserocr) or by its command (pytesseract), behind one call.

In process, the language model is loaded once per thread and each read costs only the
recognition: a line image takes tens of milliseconds where the command costs a process
start and a model load (~0.3–1 s) every time (bench/run.py). The command stays as the
fallback: where tesserocr cannot load, when settings.ocr_tesseract_in_process is off, and
for the retry of a document whose reading process died in C code (pipeline/engine/run.py), since
a crash of the command loses one region, a crash in process the reading process.

Both give tesseract's TSV as pytesseract's DICT (level, page_num, block_num, par_num,
line_num, word_num, left, top, width, height, conf, text), so the callers are the same.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytesseract
from PIL import Image as PILImage

from pipeline.core.errors import MissingDependencyError

_log = logging.getLogger(__name__)
FIELDS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top",
          "width", "height", "conf", "text")
_INT_FIELDS = FIELDS[:10]
_local = threading.local()
_NOT_FOUND = "找不到 tesseract：请运行 bash scripts/setup.sh。"


class EngineError(RuntimeError):
    """tesseract failed on one image: that region stays unread."""


@lru_cache(maxsize=1)
def _tesserocr():  # noqa: ANN202 — the module, or None where its library cannot load
    try:
        import tesserocr
    except ImportError as exc:  # no wheel for this platform, or its libtesseract missing
        _log.warning("tesserocr 不可用，改用 tesseract 命令：%s", exc)
        return None
    return tesserocr


@lru_cache(maxsize=1)
def tessdata_dir() -> str:
    """The folder of the installed language models (Debian's tesseract-ocr-chi-sim): asked
    of the tesseract command once, TESSDATA_PREFIX first."""
    if os.environ.get("TESSDATA_PREFIX"):
        return os.environ["TESSDATA_PREFIX"]
    try:
        listed = subprocess.run([pytesseract.pytesseract.tesseract_cmd, "--list-langs"],
                                capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise MissingDependencyError(_NOT_FOUND) from exc
    found = re.search(r'"(.+?)"', listed)
    return found.group(1) if found else "/usr/share/tesseract-ocr/5/tessdata/"


def in_process_available() -> bool:
    return _tesserocr() is not None


@lru_cache(maxsize=2)
def version(in_process: bool) -> str:
    """The engine's version, part of every OCR cache key (two versions read differently)."""
    if in_process and in_process_available():
        return "tesserocr " + _tesserocr().tesseract_version().splitlines()[0]
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise MissingDependencyError(_NOT_FOUND) from exc


def _api(languages: str):  # noqa: ANN202 — this thread's tesserocr API for `languages`
    apis = getattr(_local, "apis", None)
    if apis is None:
        apis = _local.apis = {}
    if languages not in apis:
        tesserocr = _tesserocr()
        try:
            apis[languages] = tesserocr.PyTessBaseAPI(
                path=str(Path(tessdata_dir())) + "/", lang=languages,
                oem=tesserocr.OEM.LSTM_ONLY if languages != "osd" else tesserocr.OEM.DEFAULT)
        except RuntimeError as exc:  # a language it does not have
            raise EngineError(f"tesseract 无法加载语言 {languages}：{exc}") from exc
    return apis[languages]


def _parse_tsv(tsv: str) -> dict[str, list]:
    out: dict[str, list] = {field: [] for field in FIELDS}
    for row in tsv.splitlines():
        cols = row.split("\t")
        if len(cols) < 11 or not cols[0].isdigit():
            continue  # pytesseract's header row
        cols += [""] * (12 - len(cols))
        for field, value in zip(FIELDS, cols, strict=True):
            if field in _INT_FIELDS:
                out[field].append(int(value))
            elif field == "conf":
                out[field].append(float(value))
            else:
                out[field].append(value)
    return out


def image_to_data(image: np.ndarray | PILImage.Image, languages: str, psm: int,
                  in_process: bool = True) -> dict[str, list]:
    """tesseract's words of `image` (LSTM engine, page segmentation mode `psm`).
    EngineError when tesseract fails on it; MissingDependencyError when there is none."""
    picture = image if isinstance(image, PILImage.Image) else PILImage.fromarray(image)
    if in_process and in_process_available():
        api = _api(languages)
        try:
            api.SetPageSegMode(psm)
            api.SetImage(picture)
            if not api.Recognize():
                raise EngineError("tesseract 未能识别该区域")
            return _parse_tsv(api.GetTSVText(0))
        except RuntimeError as exc:
            raise EngineError(str(exc)) from exc
        finally:
            api.Clear()
    try:
        return pytesseract.image_to_data(picture, lang=languages,
                                         config=f"--oem 1 --psm {psm}",
                                         output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError as exc:
        raise MissingDependencyError(_NOT_FOUND) from exc
    except (pytesseract.TesseractError, RuntimeError, OSError, ValueError) as exc:
        raise EngineError(str(exc)) from exc


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def orientation(image: np.ndarray, in_process: bool = True) -> tuple[int, float] | None:
    """(clockwise degrees that make the page upright, confidence) by tesseract's OSD;
    None when it cannot tell (too little text)."""
    if in_process and in_process_available():
        try:
            api = _api("osd")
            api.SetPageSegMode(_tesserocr().PSM.OSD_ONLY)
            api.SetImage(PILImage.fromarray(image))
            found = api.DetectOrientationScript()
        except (RuntimeError, EngineError):
            found = None
        finally:
            if "osd" in getattr(_local, "apis", {}):
                _local.apis["osd"].Clear()
        if not found:
            return None
        # tesserocr gives the page's orientation (counter-clockwise degrees); the command's
        # "Rotate" is the clockwise turn that undoes it
        return (360 - int(found["orient_deg"])) % 360, float(found["orient_conf"])
    try:
        osd = pytesseract.image_to_osd(PILImage.fromarray(image), config="--psm 0")
    except pytesseract.TesseractError:
        return None
    rotate, conf = _ROTATE.search(osd), _CONF.search(osd)
    if not rotate or not conf:
        return None
    return int(rotate.group(1)) % 360, float(conf.group(1))
