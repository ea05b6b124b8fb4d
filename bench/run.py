"""The load benchmark: one entry point, each workload in a warm process on one core.

    python bench/run.py                 # all workloads
    python bench/run.py --only electronic,scanned --batch 10

Workloads (built from the sample generator in a temporary folder):
  electronic  the A1 packet as sent (Word files) plus its 推荐材料 and 工作报告 as text PDFs;
              then those text PDFs alone (text-layer pages, fonts included)
  scanned     a 20-page scanned packet: sample pages rasterised at 200 dpi into an image PDF
  bound300    a 300-page bound PDF (text layer), for peak memory
  batch       N packets (copies of the six samples), checked one after another

For each it prints wall time, pages per second and the process's peak RSS, and beside
them the same pages through `pdftotext` (text workloads) or plain `tesseract` at 300 dpi
(the scanned one), measured in the same run. "Warm" means imports loaded and LibreOffice
started once; the OCR cache is empty for every timed run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core for tesseract
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from pipeline.core.settings import Settings  # noqa: E402
from pipeline.engine.run import check_path  # noqa: E402
from pipeline.intake.convert import to_pdf  # noqa: E402
from samples.generate import build_a1, build_b1  # noqa: E402


def _pages(pdf: Path) -> int:
    return len(pdfium.PdfDocument(str(pdf)))


def _concat(parts: list[Path], target: Path, pages: int) -> Path:
    """`pages` pages taken round-robin from `parts`, as one PDF."""
    out = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(str(p)) for p in parts]
    i = 0
    while len(out) < pages:
        src = sources[i % len(sources)]
        take = min(len(src), pages - len(out))
        out.import_pages(src, list(range(take)))
        i += 1
    out.save(str(target))
    return target


def _image_pdf(source: Path, target: Path, pages: int, dpi: int = 200) -> Path:
    """The first `pages` pages of `source` as pictures only (a scanner's PDF)."""
    from PIL import Image

    doc = pdfium.PdfDocument(str(source))
    images: list[Image.Image] = []
    for n in range(min(pages, len(doc))):
        images.append(doc[n].render(scale=dpi / 72).to_pil().convert("L"))
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    return target


def _rss_mib() -> float:
    """The larger of this process and its children (each document is read in a child
    process: pipeline/core/isolate.py; OCR and LibreOffice are children too)."""
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def _timed_check(path: Path, work: Path, label: str) -> float:
    settings = Settings(data_dir=work / f"data-{label}", cache_dir=work / f"cache-{label}")
    started = time.perf_counter()
    check_path(path, settings)
    return time.perf_counter() - started


def _pdftotext(pdfs: list[Path]) -> float:
    started = time.perf_counter()
    for pdf in pdfs:
        subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True)
    return time.perf_counter() - started


def _tesseract(pdf: Path, work: Path) -> float:
    """Plain tesseract (chi_sim, default page mode) on every page rendered at 300 dpi."""
    doc = pdfium.PdfDocument(str(pdf))
    pngs = []
    for n in range(len(doc)):
        png = work / f"tess-{n}.png"
        doc[n].render(scale=300 / 72).to_pil().save(png)
        pngs.append(png)
    started = time.perf_counter()
    for png in pngs:
        subprocess.run(["tesseract", str(png), "-", "-l", "chi_sim"], check=True,
                       capture_output=True)
    return time.perf_counter() - started


def _report(name: str, seconds: float, pages: int, extra: str) -> None:
    print(f"{name:<11} {pages:>4} pages  {seconds:7.1f} s  {pages / seconds:6.2f} pages/s  "
          f"peak RSS {_rss_mib():7.0f} MiB  {extra}", flush=True)


DEBIAN_PACKAGES = ("tesseract-ocr", "tesseract-ocr-chi-sim", "libreoffice-writer-nogui",
                   "poppler-utils", "7zip", "unar")


def debian_versions() -> str:
    """The system packages the figures depend on (pip packages are pinned by the lock;
    these are what the Debian release gives)."""
    import subprocess

    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\n",
                              *DEBIAN_PACKAGES], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return "（dpkg-query 不可用）"
    return "; ".join(line for line in out.stdout.splitlines() if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="electronic,scanned,bound300,batch")
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    only = set(args.only.split(","))
    work = Path(tempfile.mkdtemp(prefix="yushen-bench-"))
    a1, b1 = work / "a1", work / "b1"
    a1.mkdir()
    b1.mkdir()
    build_a1(a1)
    build_b1(b1)
    rendered = work / "rendered"
    text_pdfs = [to_pdf(p, "docx", p.stem, rendered) for p in sorted(a1.glob("*.docx"))
                 if "推荐材料" in p.name or "工作报告" in p.name]
    _timed_check(b1, work, "warmup")  # imports, LibreOffice's first start
    print(f"bench {time.strftime('%Y-%m-%d %H:%M')}, one core (OMP_THREAD_LIMIT=1)")
    print(f"  debian: {debian_versions()}")

    if "electronic" in only:
        packet = work / "electronic"
        shutil.copytree(a1, packet)
        for pdf in text_pdfs:
            shutil.copy(pdf, packet / (pdf.stem + "（PDF版）.pdf"))
        pdf_pages = sum(_pages(p) for p in text_pdfs)
        word_pages = pdf_pages + sum(_pages(to_pdf(p, "docx", p.stem, rendered))
                                     for p in a1.glob("*.docx") if p.stem not in
                                     {t.stem for t in text_pdfs})
        seconds = _timed_check(packet, work, "electronic")
        ref = _pdftotext(text_pdfs)
        _report("electronic", seconds, word_pages + pdf_pages,
                f"(PDF pages alone: pdftotext {pdf_pages / ref:.0f} pages/s)")
        # the same packet's text-layer pages alone: the target is stated for those
        text_only = work / "electronic-pdf"
        text_only.mkdir()
        for pdf in text_pdfs:
            shutil.copy(pdf, text_only / (pdf.stem + "（PDF版）.pdf"))
        seconds = _timed_check(text_only, work, "electronic-pdf")
        _report("  text PDFs", seconds, pdf_pages,
                f"pdftotext {pdf_pages / ref:.0f} pages/s ({pdf_pages / ref / (pdf_pages / seconds):.0f}× faster)")

    if "scanned" in only:
        scanned = work / "scanned"
        scanned.mkdir()
        source = _concat(text_pdfs, work / "scan-source.pdf", 20)
        scan = _image_pdf(source, scanned / "扫描件.pdf", 20)
        seconds = _timed_check(scanned, work, "scanned")
        ref = _tesseract(scan, work)
        _report("scanned", seconds, 20, f"plain tesseract 300 dpi: {ref:.1f} s "
                                        f"({ref / seconds:.2f}× yushen's time)")

    if "bound300" in only:
        bound = work / "bound"
        bound.mkdir()
        volume = _concat(text_pdfs, bound / "推荐材料（装订版）.pdf", 300)
        seconds = _timed_check(bound, work, "bound300")
        ref = _pdftotext([volume])
        _report("bound300", seconds, 300, f"pdftotext {300 / ref:.0f} pages/s "
                                          f"({seconds / ref:.0f}× faster)")

    if "batch" in only and args.batch:
        batch = work / "batch"
        batch.mkdir()
        samples = sorted((ROOT / "samples" / "packets").iterdir())
        for n in range(args.batch):
            src = samples[n % len(samples)]
            target = batch / f"{n:03d}_{src.name}"
            (shutil.copytree if src.is_dir() else shutil.copy)(src, target)
        started = time.perf_counter()
        for packet in sorted(batch.iterdir()):
            _timed_check(packet, work, f"batch-{packet.name[:3]}")
        seconds = time.perf_counter() - started
        print(f"{'batch':<11} {args.batch:>4} packets {seconds:7.1f} s  "
              f"{seconds / args.batch:6.2f} s per packet  peak RSS {_rss_mib():7.0f} MiB",
              flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
