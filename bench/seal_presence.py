"""Seal and signature presence page by page, against the labels kept in tests/mark_labels.py,
and the seal detector's time beside OCR's on the same 200 dpi A4 pages.

    python bench/seal_presence.py

1. Seal presence: every corpus seal crop, every page of corpus/scans and corpus/pdf, and
   pages rendered from the samples. The detector runs on the page image (PDF pages at
   200 dpi): precision, recall, the pages it gets wrong, ms per page.
2. Signature presence: the same pages through the extractors (OCR, signature places).
3. Time: find_seals against a cold OCR of the same page, on 200 dpi A4 pages (sample forms
   rendered by LibreOffice with seal and signature, and the corpus contract scans).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.g.G_10 import MIN_LEGIBLE_TEXT_PX  # noqa: E402
from extractors.ocr import ocr_page  # noqa: E402
from extractors.pdf import extract_pdf  # noqa: E402
from extractors.scan import extract_image  # noqa: E402
from extractors.seals import find_seals  # noqa: E402
from pipeline.core.settings import Settings  # noqa: E402
from tests.mark_labels import corpus_pages, rendered_pages, seal_crops  # noqa: E402


def _page_image(path: Path, page: int) -> Image.Image:
    if path.suffix.lower() == ".pdf":
        with pdfplumber.open(path) as pdf:
            return pdf.pages[page - 1].to_image(resolution=200).original
    image = Image.open(path)
    image.seek(page - 1)
    return image.copy()


def _report(title: str, pairs: list[tuple[str, bool, bool]]) -> None:
    tp = sum(t and f for _, t, f in pairs)
    fp = sum(f and not t for _, t, f in pairs)
    fn = sum(t and not f for _, t, f in pairs)
    print(f"{title}: {len(pairs)} pages, {tp + fn} with, {len(pairs) - tp - fn} without")
    print(f"  precision {tp / max(tp + fp, 1):.3f}  recall {tp / max(tp + fn, 1):.3f}  "
          f"(tp {tp}, fp {fp}, fn {fn})")
    for name, truth, found in pairs:
        if truth != found:
            print(f"  {'missed' if truth else 'false'}: {name}")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="yushen-bench-"))
    pages = corpus_pages() + rendered_pages(work)
    seal_pairs: list[tuple[str, bool, bool]] = []
    seconds = 0.0
    for path, truth in seal_crops():
        started = time.perf_counter()
        found = bool(find_seals(Image.open(path)))
        seconds += time.perf_counter() - started
        seal_pairs.append((path.name, truth, found))
    for path, page, truth, _ in pages:
        image = _page_image(path, page)
        started = time.perf_counter()
        found = bool(find_seals(image))
        seconds += time.perf_counter() - started
        seal_pairs.append((f"{path.name}#{page}", truth, found))
    _report("seal presence", seal_pairs)
    print(f"  detector: {seconds / len(seal_pairs) * 1000:.0f} ms per page on average")

    settings = Settings(data_dir=work / "data")
    docs = {}
    signature_pairs: list[tuple[str, bool, bool]] = []
    legible_pairs: list[tuple[str, bool, bool]] = []
    for path, page, _, truth in pages:
        if path not in docs:
            docs[path] = (extract_pdf(path, path.name, "0" * 64, settings)
                          if path.suffix.lower() == ".pdf" else
                          extract_image(path, path.name, "0" * 64, "image", settings))
        found = any(m.location.page == page and m.kind in ("handwritten", "image")
                    for m in docs[path].signatures)
        signature_pairs.append((f"{path.name}#{page}", truth, found))
        if not any(s.page == page and 0 < s.text_px < MIN_LEGIBLE_TEXT_PX
                   for s in docs[path].scan_pages):
            legible_pairs.append((f"{path.name}#{page}", truth, found))
    _report("signature presence", signature_pairs)
    _report("signature presence, pages G-10 does not call too small to read", legible_pairs)

    # 200 dpi A4: the sample pledges as LibreOffice lays them out, and the contract scans
    timed: list[tuple[str, Image.Image]] = []
    for pdf in sorted(work.glob("b_*.pdf")):
        subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(pdf),
                        str(work / pdf.stem)], check=True)
        timed.append((pdf.name, Image.open(next(work.glob(pdf.stem + "-*.png")))))
    for path, _, _, _ in pages[:4]:  # c01–c04: A4 contract pages at 200–300 dpi
        timed.append((path.name, _page_image(path, 1)))
    print("seal detection vs OCR on the same page (OCR cold, one thread):")
    for name, image in timed:
        started = time.perf_counter()
        find_seals(image)
        seal_s = time.perf_counter() - started
        cold = Settings(data_dir=work / "data", cache_dir=work / f"cold-{name}")
        started = time.perf_counter()
        ocr_page(image, name, 1, cold)
        ocr_s = time.perf_counter() - started
        print(f"  {name} {image.width}x{image.height}: seals {seal_s * 1000:.0f} ms, "
              f"OCR {ocr_s:.1f} s ({seal_s / ocr_s:.1%} of OCR)")


if __name__ == "__main__":
    main()
