from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "samples"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test stores originals in its own data folder, never in the user's."""
    data = tmp_path_factory.mktemp("yushen-data")
    monkeypatch.setenv("YUSHEN_DATA_DIR", str(data))
    yield data


def corpus_files(sub: str, *suffixes: str) -> list[Path]:
    folder = CORPUS / sub
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes)


os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract: one thread per process in tests
