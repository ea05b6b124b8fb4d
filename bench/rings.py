"""Seal ring text on real pages that others made (issue 19, item 2).

    python bench/rings.py [--engine ppocr|tesseract]

For each labelled legible ring of ../shared/corpus/realworld (tests/mark_labels.REAL_RINGS,
read by looking), the seals yushen finds on the page are unrolled and read; a name counts
as read exactly when one reading, without the blanks and stray Latin letters, digits and
marks at its ends, is the name, and as contained when the name is within a reading.
Printed: exact and contained counts, each ring's best reading, seconds per seal.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from extractors.seal_text import clean_ring, ring_text  # noqa: E402
from extractors.seals import find_seals  # noqa: E402
from tests.mark_labels import REAL_RINGS  # noqa: E402

IMAGES = ROOT.parent / "shared" / "corpus" / "realworld" / "images"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["ppocr", "tesseract"], default="ppocr")
    args = parser.parse_args()
    exact = contained = total = seals = 0
    seconds = 0.0
    for file, names in REAL_RINGS.items():
        image = Image.open(IMAGES / file).convert("RGB")
        readings = []
        for seal in find_seals(image):
            start = time.perf_counter()
            readings.append(ring_text(image, seal.box, seal.colour, engine=args.engine)[0])
            seconds += time.perf_counter() - start
            seals += 1
        for name in names:
            total += 1
            hit = any(clean_ring(r) == name for r in readings)
            within = any(name in r for r in readings)
            exact += hit
            contained += within or hit
            mark = "exact" if hit else ("contained" if within else "MISSED")
            print(f"  {file}: {name}: {mark}  readings {readings}")
    print(f"rings {time.strftime('%Y-%m-%d %H:%M')} ({args.engine}): {total} legible names; "
          f"exact {exact} ({exact / total:.0%}), contained {contained} "
          f"({contained / total:.0%}); {seconds / max(seals, 1):.2f} s per seal ({seals} seals)")


if __name__ == "__main__":
    main()
