"""Character error rate of yushen's OCR on degraded renderings of the sample Word files.

    python bench/ocr_cer.py [--pages N] [--dpi 200]

Each sample report (A: 仿宋 16 pt body; B: 宋体 14 pt body) is rendered to PDF by
LibreOffice with bench/fonts.conf (宋体 → Noto Serif CJK SC; 仿宋 → AR PL UKai CN, since no
FangSong face is packaged for Debian), every page rasterised at --dpi, then degraded:
Gaussian noise (σ 12), a rotation of 1–2° either way, and a red seal pasted over the text.
The truth is the page's own text layer. Both sides are NFKC-folded and stripped of
whitespace; CER = edit distance / truth length. Printed beside it: plain tesseract
(chi_sim, its default page segmentation) on the same degraded image, without yushen's
preprocessing.
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import sys
import tempfile
import time
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import pdfplumber
import pytesseract
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors import _tesseract  # noqa: E402
from extractors.ocr import ocr_page  # noqa: E402
from pipeline.core.model import Block, Table  # noqa: E402
from pipeline.core.settings import Settings  # noqa: E402
from pipeline.intake.convert import to_pdf  # noqa: E402
from samples.images import seal  # noqa: E402

SOURCES = [("A1", "工作报告.docx", "仿宋 16pt（渲染为 AR PL UKai）"),
           ("B1", "实践报告.docx", "宋体 14pt（渲染为 Noto Serif CJK）")]


def fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (ca != cb))
        previous = current
    return previous[-1]


def sample_file(prefix: str, suffix: str, dest: Path) -> Path:
    packets = ROOT / "samples" / "packets"
    source = next(p for p in packets.iterdir() if p.name.startswith(prefix + "_"))
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            name = info.filename if info.flag_bits & 0x800 else \
                info.filename.encode("cp437").decode("gbk")
            if name.endswith(suffix):
                target = dest / f"{prefix}{suffix}"
                target.write_bytes(archive.read(info))
                return target
    raise FileNotFoundError(suffix)


def degrade(page: Image.Image, rng: random.Random) -> Image.Image:
    angle = rng.uniform(1.0, 2.0) * rng.choice((-1, 1))
    turned = page.convert("RGB").rotate(angle, resample=Image.BICUBIC, expand=False,
                                        fillcolor="white")
    stamp = seal("华通交通运输集团有限公司", int(page.width * 0.25))
    x = rng.randint(int(page.width * 0.15), int(page.width * 0.55))
    y = rng.randint(int(page.height * 0.2), int(page.height * 0.6))
    # ink on paper multiplies: black text under a red seal stays dark, as on a real page
    pixels = np.asarray(turned).astype(np.float32)
    ink = np.asarray(stamp.convert("RGBA")).astype(np.float32)
    alpha = ink[..., 3:4] / 255
    region = pixels[y : y + ink.shape[0], x : x + ink.shape[1]]
    h, w = region.shape[:2]
    blended = region * (1 - alpha[:h, :w]) + region * (ink[:h, :w, :3] / 255) * alpha[:h, :w]
    pixels[y : y + h, x : x + w] = blended
    noisy = pixels + np.random.default_rng(rng.randint(0, 2**31)).normal(0, 12, pixels.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def page_text(items: list) -> str:
    parts: list[str] = []
    for item in items:
        if isinstance(item, Block):
            parts.append(item.text)
        elif isinstance(item, Table):
            parts.append(item.text())
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=4, help="body pages per sample file")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--show-errors", action="store_true", help="print what was misread")
    args = parser.parse_args()
    os.environ["FONTCONFIG_FILE"] = str(ROOT / "bench" / "fonts.conf")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    rng = random.Random(20261125)
    print(f"OCR CER bench: {args.dpi} dpi, noise σ12, rotation 1–2°, red seal over text; "
          f"yushen: {_tesseract.version(Settings().ocr_tesseract_in_process)}; "
          f"plain: tesseract {pytesseract.get_tesseract_version()} (command)")
    print(f"{'file':34} {'page':>4} {'chars':>6} {'yushen CER':>10} {'s':>5} "
          f"{'plain CER':>9} {'s':>5}")
    totals = {"yushen": [0, 0, 0.0], "plain": [0, 0, 0.0]}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        settings = Settings(data_dir=work / "data")  # empty OCR cache: every page is read
        for prefix, suffix, label in SOURCES:
            docx = sample_file(prefix, suffix, work)
            pdf_path = to_pdf(docx, "docx", f"bench-{prefix}", work / "rendered")
            with pdfplumber.open(pdf_path) as pdf:
                fonts = sorted({c["fontname"].split("+")[-1] for p in pdf.pages for c in p.chars})
                print(f"-- {prefix} {suffix}: {label}; fonts in the PDF: {', '.join(fonts)}")
                for page in pdf.pages[1 : 1 + args.pages]:  # page 1 is the cover
                    truth = fold(page.extract_text() or "")
                    image = degrade(page.to_image(resolution=args.dpi).original, rng)
                    started = time.perf_counter()
                    ours = fold(page_text(ocr_page(image, "bench", page.page_number, settings)))
                    ours_s = time.perf_counter() - started
                    started = time.perf_counter()
                    plain = fold(pytesseract.image_to_string(image, lang="chi_sim",
                                                             config="--oem 1 --psm 3"))
                    plain_s = time.perf_counter() - started
                    e_ours, e_plain = edit_distance(ours, truth), edit_distance(plain, truth)
                    for key, err, sec in (("yushen", e_ours, ours_s), ("plain", e_plain, plain_s)):
                        totals[key][0] += err
                        totals[key][1] += len(truth)
                        totals[key][2] += sec
                    print(f"{prefix + suffix:34} {page.page_number:>4} {len(truth):>6} "
                          f"{e_ours / len(truth):>10.2%} {ours_s:>5.1f} "
                          f"{e_plain / len(truth):>9.2%} {plain_s:>5.1f}")
                    if args.show_errors:
                        matcher = difflib.SequenceMatcher(None, truth, ours, autojunk=False)
                        for op, a0, a1, b0, b1 in matcher.get_opcodes():
                            if op != "equal":
                                print(f"    {op}: {truth[a0:a1]!r} → {ours[b0:b1]!r}")
    for key, (err, chars, sec) in totals.items():
        print(f"TOTAL {key:7} CER {err / chars:.2%} ({err}/{chars} chars), {sec:.1f} s")


if __name__ == "__main__":
    main()
