"""A short, fixed fuzz run of the Word and PDF extractors (bench/fuzz.py runs the long one):
every mutated input is read or refused with UnreadableFileError, never a crash; and every
input kept in tests/fuzz_regressions/ (past crashes, once fixed) stays fixed."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

from pipeline.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
REGRESSIONS = Path(__file__).with_name("fuzz_regressions")


def _harness():  # noqa: ANN202 — bench/ is scripts, not a package
    spec = importlib.util.spec_from_file_location("yushen_fuzz", ROOT / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_forty_mutated_inputs_do_not_crash_the_extractors(tmp_path: Path) -> None:
    fuzz = _harness()
    rng = random.Random(20261201)
    settings = Settings(data_dir=tmp_path / "data", ocr_max_pages=1, render_word_pages=False)
    seeds = [(p.read_bytes(), p.suffix.lstrip(".")) for p in fuzz.seeds()]
    docx = [s for s in seeds if s[1] == "docx"]
    pdf = [s for s in seeds if s[1] == "pdf"]
    assert docx and pdf
    crashes = []
    for n in range(40):
        data, kind = rng.choice(docx if n % 5 else pdf)  # four Word files to one PDF
        mutated = fuzz.mutate_docx(data, rng) if kind == "docx" else fuzz.mutate_bytes(data, rng)
        crash = fuzz.run_one(mutated, kind, tmp_path, settings)
        if crash:
            crashes.append(crash.strip().splitlines()[-1])
    kept = sorted(REGRESSIONS.glob("*.*")) if REGRESSIONS.is_dir() else []
    for path in kept:
        crash = fuzz.run_one(path.read_bytes(), path.suffix.lstrip("."), tmp_path, settings)
        if crash:
            crashes.append(f"{path.name}: {crash.strip().splitlines()[-1]}")
    assert crashes == []
