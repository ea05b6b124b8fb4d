from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def _shared_ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One OCR cache for the session: the corpus scans are read by several tests, and OCR
    is the slow part. Tests of the cache itself pass their own Settings(data_dir=...)."""
    return tmp_path_factory.mktemp("yushen-ocr-cache")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                       _shared_ocr_cache: Path):
    """Every test stores originals in its own data folder, never in the user's."""
    data = tmp_path_factory.mktemp("yushen-data")
    monkeypatch.setenv("YUSHEN_DATA_DIR", str(data))
    monkeypatch.setenv("YUSHEN_CACHE_DIR", str(_shared_ocr_cache))
    yield data


def corpus_files(sub: str, *suffixes: str) -> list[Path]:
    folder = CORPUS / sub
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes)


os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract: one thread per process in tests


def unpack_sample(prefix: str, dest: Path) -> Path:
    """The files of a sample packet (folder or zip with GBK or UTF-8 names) in `dest`."""
    import shutil
    import zipfile

    source = next(p for p in (SAMPLES / "packets").iterdir() if p.name.startswith(prefix + "_"))
    if source.is_dir():
        for f in source.iterdir():
            shutil.copy(f, dest / f.name)
        return dest
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            name = info.filename if info.flag_bits & 0x800 else \
                info.filename.encode("cp437").decode("gbk")
            (dest / Path(name).name).write_bytes(archive.read(info))
    return dest


@pytest.fixture(scope="module")
def a_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The complete A sample packet (A1) as files, built once per test module."""
    from samples.generate import build_a1

    work = tmp_path_factory.mktemp("a1")
    build_a1(work)
    return work


@pytest.fixture(scope="module")
def b_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The complete B sample packet (B1) as files, built once per test module."""
    from samples.generate import build_b1

    work = tmp_path_factory.mktemp("b1")
    build_b1(work)
    return work


def copy_packet(src: Path, dst: Path) -> Path:
    """A copy of a template packet that a test may change."""
    import shutil

    shutil.copytree(src, dst)
    return dst


@pytest.fixture(scope="session")
def imap_server():
    """Dovecot on 127.0.0.1 over TLS for the whole session (tests/imap_server.py)."""
    from tests.imap_server import DovecotServer

    server = DovecotServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_account(imap_server, monkeypatch: pytest.MonkeyPatch):
    """A fresh mailbox on the test server, and the YUSHEN_MAILBOX_* settings that reach it."""
    account = imap_server.account()
    for name, value in {"HOST": "127.0.0.1", "PORT": str(imap_server.port),
                        "USER": account.user, "PASSWORD": account.password,
                        "CA_FILE": str(imap_server.ca_file), "BACKOFF_S": "0.05",
                        "TIMEOUT_S": "20"}.items():
        monkeypatch.setenv(f"YUSHEN_MAILBOX_{name}", value)
    return account


# The fast tier (`bash scripts/test.sh --fast`, pytest -m "not slow") leaves out whole
# modules that start servers (Dovecot, PostgreSQL, Prefect, uvicorn, Chromium), OCR the
# corpus, render with LibreOffice page by page, or run hostile inputs in child processes;
# single slow tests elsewhere carry @pytest.mark.slow. The full suite runs everything.
SLOW_MODULES = frozenset({
    "test_mark_presence", "test_serve", "test_flows", "test_web_browser", "test_report_browser",
    "test_web_pages", "test_web_security", "test_web_cli", "test_mailbox", "test_store",
    "test_hostile_corpus", "test_hostile_input", "test_inbox", "test_decisions",
    "test_corpus_docx", "test_pdf_pages", "test_fuzz_smoke", "test_volume",
    "test_pdfium_objects", "test_rendered_pages",
})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.module is not None and item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@functools.cache
def _checked(path: str) -> tuple:
    from pipeline.engine.run import check_path

    return check_path(Path(path))


def checked_sample(path: Path) -> tuple:
    """(packet, result) of `yushen check` on a bundled sample packet, checked once per test
    process: several modules read the same six packets, and checking is a pure function
    of the files (the data folder only keeps originals and history)."""
    return _checked(str(path))
