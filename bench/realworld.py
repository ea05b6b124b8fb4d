"""yushen's reading of real pages that others made: ../shared/corpus/realworld/images.

    python bench/realworld.py [--engine tesseract|ppocr] [--in-process | --command]

Each labelled page image (MANIFEST.tsv there; labels made by looking) is read as a scanned
file is (extractors.scan.extract_image, empty OCR cache, one core). Printed:
- red seal presence per page: precision, recall, the pages it gets wrong;
- grey (photocopied) seal presence per page;
- signature presence per page (handwritten or pasted, against `signature`);
- the ring readings of the seals found, with their confidence;
- seconds per page: median, p90, the slowest five.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.scan import extract_image  # noqa: E402
from pipeline.core.settings import Settings  # noqa: E402
from tests.mark_labels import realworld_pages  # noqa: E402

REALWORLD = ROOT.parent / "shared" / "corpus" / "realworld"


def _score(title: str, pairs: list[tuple[str, bool, bool]]) -> None:
    tp = sum(t and f for _, t, f in pairs)
    fp = sum(f and not t for _, t, f in pairs)
    fn = sum(t and not f for _, t, f in pairs)
    print(f"{title}: {len(pairs)} pages, {tp + fn} with; precision "
          f"{tp / max(tp + fp, 1):.3f}  recall {tp / max(tp + fn, 1):.3f}  "
          f"(tp {tp}, fp {fp}, fn {fn})")
    for name, truth, found in pairs:
        if truth != found:
            print(f"    {'missed' if truth else 'false'}: {name}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["ppocr", "tesseract"], default="ppocr",
                        help="seal ring engine (settings.ocr_ring_engine)")
    parser.add_argument("--command", action="store_true",
                        help="tesseract by its command, not in process")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="yushen-realworld-"))
    settings = Settings(data_dir=work / "data", cache_dir=work / "cache",
                        ocr_ring_engine=args.engine,
                        ocr_tesseract_in_process=not args.command)
    seals, greys, signed, times, rings = [], [], [], [], []
    for row in realworld_pages():
        path = REALWORLD / row["local_file"]
        kind = "jpeg" if path.suffix.lower() in (".jpg", ".jpeg") else "png"
        start = time.perf_counter()
        doc = extract_image(path, path.name, "0" * 64, kind, settings)
        times.append((time.perf_counter() - start, path.name))
        red = [s for s in doc.seals if s.colour == "red"]
        seals.append((path.name, row["red_seal"] == "true", bool(red)))
        greys.append((path.name, row["grey_seal"] == "true",
                      any(s.colour == "grey" for s in doc.seals)))
        signed.append((path.name, row["signature"] == "true",
                       any(m.kind in ("handwritten", "image") for m in doc.signatures)))
        rings += [(path.name, s.ring_text or "", s.ring_confidence or 0.0) for s in red]
    print(f"realworld {time.strftime('%Y-%m-%d %H:%M')}: {len(times)} pages; ring engine "
          f"{args.engine}; tesseract {'command' if args.command else 'in process'}")
    _score("red seal", seals)
    _score("grey seal", greys)
    _score("signature", signed)
    print("ring readings:")
    for name, text, conf in rings:
        print(f"    {name}: {text or '（未识别）'} ({conf:.0f})")
    seconds = sorted(t for t, _ in times)
    print(f"seconds per page: median {statistics.median(seconds):.1f}, "
          f"p90 {seconds[int(0.9 * (len(seconds) - 1))]:.1f}, max {seconds[-1]:.1f}")
    print("slowest five: " + ", ".join(f"{n} {t:.1f} s" for t, n in sorted(times)[-5:][::-1]))


if __name__ == "__main__":
    main()
