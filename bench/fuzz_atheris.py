"""Coverage-guided fuzzing of the Word and PDF extractors with atheris (libFuzzer).

    pip install -e '.[fuzz]'
    python bench/fuzz_atheris.py --seconds 300 [--out bench/fuzz-crashes]

bench/fuzz.py mutates blindly; this one lets libFuzzer keep the inputs that reach new
code in yushen's extractors (instrumented on import) and in python-docx and pdfplumber.
An input is one byte that picks the format, then the payload:
  0 (even) → a PDF file, as is;
  1 (odd)  → the body of word/document.xml, put into a sample .docx (the zip around it
             stays valid, so the fuzzer spends its time on the XML the extractor reads).
The seeds are the sample packets' Word documents and the sample and corpus PDFs
(bench/fuzz.py seeds()). UnreadableFileError is the right answer to a broken file; any
other exception is a crash: libFuzzer stops, the input is written to --out, and the
traceback printed. A fixed crash's input goes to tests/fuzz_regressions/, which
tests/test_fuzz_smoke.py reads every run.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import sys
import tempfile
import zipfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# the extractors import their parts lazily: import them here, inside the instrumentation
with atheris.instrument_imports(include=["extractors", "docx", "pdfplumber", "pdfminer",
                                         "pypdfium2"]):
    import docx  # noqa: F401
    import pdfplumber  # noqa: F401

    import extractors._pdfium_objects  # noqa: F401
    import extractors._pdflayout  # noqa: F401
    import extractors._styles  # noqa: F401
    import extractors.docx  # noqa: F401
    import extractors.marks  # noqa: F401
    import extractors.pdf  # noqa: F401

from pipeline.core.settings import Settings  # noqa: E402


def _blind() -> object:
    spec = importlib.util.spec_from_file_location("yushen_fuzz", ROOT / "bench" / "fuzz.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BLIND = _blind()
WORK = Path(tempfile.mkdtemp(prefix="yushen-atheris-"))
SETTINGS = Settings(data_dir=WORK / "data", ocr_max_pages=1, render_word_pages=False,
                    doc_isolation=False)
TEMPLATE = next(p for p in BLIND.seeds() if p.suffix == ".docx")  # type: ignore[attr-defined]


def _docx_with(document_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATE) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = document_xml if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info.filename, body)
    return out.getvalue()


def one_input(data: bytes) -> None:
    if not data:
        return
    if data[0] % 2:
        crash = BLIND.run_one(_docx_with(data[1:]), "docx", WORK, SETTINGS)  # type: ignore[attr-defined]
    else:
        crash = BLIND.run_one(data[1:], "pdf", WORK, SETTINGS)  # type: ignore[attr-defined]
    if crash:
        raise RuntimeError(f"extractor crashed:\n{crash}")


MAX_SEED_BYTES = 600_000  # bigger seeds (scanned PDFs) cost seconds of OCR per run


def write_seeds(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [p for p in BLIND.seeds() if p.stat().st_size <= MAX_SEED_BYTES]  # type: ignore[attr-defined]
    for n, path in enumerate(seeds):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                payload = b"\x01" + archive.read("word/document.xml")
        else:
            payload = b"\x00" + path.read_bytes()
        (folder / f"seed-{n:03d}").write_bytes(payload)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--out", default=str(ROOT / "bench" / "fuzz-crashes"))
    args, rest = parser.parse_known_args()
    corpus = WORK / "corpus"
    write_seeds(corpus)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    argv = [sys.argv[0], str(corpus), f"-max_total_time={args.seconds}",
            f"-artifact_prefix={args.out}/", "-rss_limit_mb=4096", "-timeout=120",
            f"-max_len={MAX_SEED_BYTES}", *rest]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
