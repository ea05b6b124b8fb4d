"""Seal presence per page on the corpus, against labels set by looking at every page.

    python bench/seal_presence.py

A page is "with seal" when it shows at least one seal impression (a half seal on the
page edge counts); the 教育部 emblem in a web page header, red headings and red invoice
frames are not seals. s05 (a filled red square with no mark) is left out as ambiguous.
Prints precision and recall of "the detector found a seal on this page", the pages it gets
wrong, and the detector's time per page.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pdfplumber
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.seals import find_seals  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
WITH_SEAL_SCANS = {f"c{n:02d}" for n in range(1, 11)}
WITHOUT_SEAL_SCANS = {"c11", "c12", "c13"}
WITH_SEAL_PDFS = {"p01", "p02", "p06"}  # every page of these (one page each)


def pages() -> list[tuple[str, bool, Image.Image]]:
    out: list[tuple[str, bool, Image.Image]] = []
    for path in sorted((CORPUS / "seals").iterdir()):
        if not path.name.startswith("s05"):
            out.append((path.name, True, Image.open(path)))
    for path in sorted((CORPUS / "scans").iterdir()):
        key = path.name[:3]
        if key in WITH_SEAL_SCANS | WITHOUT_SEAL_SCANS:
            out.append((path.name, key in WITH_SEAL_SCANS, Image.open(path)))
    for path in sorted((CORPUS / "pdf").glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                out.append((f"{path.name}#{page.page_number}", path.name[:3] in WITH_SEAL_PDFS,
                            page.to_image(resolution=200).original))
    return out


def main() -> None:
    tp = fp = fn = tn = 0
    wrong: list[str] = []
    seconds = 0.0
    labelled = pages()
    for name, has_seal, image in labelled:
        started = time.perf_counter()
        found = bool(find_seals(image))
        seconds += time.perf_counter() - started
        if found and has_seal:
            tp += 1
        elif found:
            fp += 1
            wrong.append(f"false seal: {name}")
        elif has_seal:
            fn += 1
            wrong.append(f"missed: {name}")
        else:
            tn += 1
    print(f"pages {len(labelled)}: with seal {tp + fn}, without {fp + tn}")
    print(f"precision {tp / max(tp + fp, 1):.3f}  recall {tp / max(tp + fn, 1):.3f}  "
          f"(tp {tp}, fp {fp}, fn {fn}, tn {tn})")
    print(f"detector time: {seconds / len(labelled) * 1000:.0f} ms per page on average")
    for line in wrong:
        print("  " + line)


if __name__ == "__main__":
    main()
