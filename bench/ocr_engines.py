"""The measurements behind the choice of OCR engine per task (README "OCR 引擎").

    python bench/ocr_engines.py

One core (OMP_THREAD_LIMIT=1, one onnxruntime thread), all in one run so the ratios hold
on a noisy machine:
1. page text: the first full read of real pages (../shared/corpus/realworld/images, as
   found) by tesseract in process (tesserocr), tesseract's command, and PP-OCR detection
   + recognition: seconds per page.
2. seal rings: every red seal found on those pages, unrolled, read by tesseract (one run
   for all, as yushen does) and by PP-OCR recognition: seconds, and for the rings whose
   text was read by looking (tests/test_seal_rules.py REAL_RINGS) the share of the name
   that each reading holds.
3. table cells: the sample B1 申请表 printed by LibreOffice and scanned at 200 dpi, read by
   yushen with the cells read by tesseract and by PP-OCR: how many of the Word file's
   cell texts come back exactly, and the page's seconds.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from checks.g.G_03 import name_coverage  # noqa: E402
from extractors import _ppocr, _tesseract  # noqa: E402
from extractors.seal_text import _read_ppocr, read_lines, unwrap  # noqa: E402
from extractors.seals import find_seals  # noqa: E402
from tests.test_seal_rules import REAL_RINGS  # noqa: E402

IMAGES = ROOT.parent / "shared" / "corpus" / "realworld" / "images"
PAGES = ["sig_001.png", "seal_012.png", "noseal_021.png", "seal_021.jpg", "seal_024.png"]


def _timed(fn, *args):  # noqa: ANN001, ANN202
    start = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - start, value


def page_text() -> None:
    print("1. page text, seconds per page (first full read, psm 6 for tesseract)")
    print(f"   {'page':<16}{'tesserocr':>10}{'command':>10}{'PP-OCR':>10}")
    totals = [0.0, 0.0, 0.0]
    _tesseract.image_to_data(np.full((50, 50), 255, np.uint8), "chi_sim", 6)  # load once
    _ppocr.read_page(np.full((64, 64), 255, np.uint8))
    for name in PAGES:
        gray = np.asarray(Image.open(IMAGES / name).convert("L"))
        times = [
            _timed(_tesseract.image_to_data, gray, "chi_sim", 6, True)[0],
            _timed(_tesseract.image_to_data, gray, "chi_sim", 6, False)[0],
            _timed(_ppocr.read_page, gray)[0],
        ]
        totals = [a + b for a, b in zip(totals, times, strict=True)]
        print(f"   {name:<16}" + "".join(f"{t:>10.2f}" for t in times))
    print(f"   {'total':<16}" + "".join(f"{t:>10.2f}" for t in totals)
          + f"   command ÷ tesserocr {totals[1] / totals[0]:.2f}×, "
            f"PP-OCR ÷ tesserocr {totals[2] / totals[0]:.2f}×")


def rings() -> None:
    lines, variants, names = [], [], []
    for path in sorted(IMAGES.iterdir()):
        image = Image.open(path).convert("RGB")
        for seal in find_seals(image):
            if seal.colour != "red":
                continue
            lines.append(unwrap(image, seal.box))
            variants.append([lines[-1], unwrap(image, seal.box, continuous=True)])
            names.append(path.name)
    t_tess, tess = _timed(read_lines, lines)
    t_pp, pp = _timed(lambda: [_read_ppocr(v) for v in variants])
    print(f"2. seal rings: {len(lines)} rings; tesseract {t_tess:.2f} s, "
          f"PP-OCR {t_pp:.2f} s ({t_tess / max(t_pp, 1e-9):.1f}× faster)")
    for file, name in REAL_RINGS.items():
        best = [max((name_coverage(name, r[0]) for n, r in zip(names, readings, strict=True)
                     if n == file), default=0.0) for readings in (tess, pp)]
        print(f"   {file}: “{name}” held by the best reading: tesseract {best[0]:.0%}, "
              f"PP-OCR {best[1]:.0%}")


def _fold(text: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKC", text)
                   if not ch.isspace() and ch not in "☑□")


def cells() -> None:
    import hashlib
    import tempfile

    import docx
    import pypdfium2

    from extractors.ocr import ocr_page
    from pipeline.core.model import Table
    from pipeline.core.settings import Settings
    from pipeline.intake.convert import to_pdf
    from samples.generate import build_b1

    work = Path(tempfile.mkdtemp(prefix="yushen-cells-"))
    build_b1(work / "b1")
    form = next(p for p in (work / "b1").rglob("*.docx") if "申请表" in p.name)
    truth = {_fold(c.text) for t in docx.Document(str(form)).tables for row in t.rows
             for c in row.cells if _fold(c.text)}
    pdf = to_pdf(form, "docx", hashlib.sha256(form.read_bytes()).hexdigest(), work / "r")
    page = pypdfium2.PdfDocument(str(pdf))[0].render(scale=200 / 72).to_pil().convert("L")
    print(f"3. table cells: {form.name} page 1 at 200 dpi, {len(truth)} distinct cell texts")
    for engine in ("tesseract", "ppocr"):
        settings = Settings(data_dir=work / f"d-{engine}", cache_dir=work / f"c-{engine}",
                            ocr_cell_engine=engine)
        seconds, items = _timed(ocr_page, page, form.name, 1, settings)
        read = {_fold(c.text) for item in items if isinstance(item, Table)
                for c in item.cells}
        print(f"   cells by {engine:<9}: {len(truth & read)} of {len(truth)} exact, "
              f"page {seconds:.1f} s")


def main() -> None:
    print(f"ocr engines {time.strftime('%Y-%m-%d %H:%M')}: {_tesseract.version(True)}; "
          f"command {_tesseract.version(False)}; {_ppocr.version()}")
    page_text()
    rings()
    cells()


if __name__ == "__main__":
    main()
