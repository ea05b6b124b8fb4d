"""Seal and signature presence page by page, against the labels of tests/mark_labels.py:
every page of corpus/scans and corpus/pdf, and pages rendered from the samples (signed,
typed only, empty; as scans and as LibreOffice PDFs). The extractors run as in a real
packet: OCR, seal detector, signature places."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.model import Document
from pipeline.core.settings import Settings
from tests.conftest import CORPUS
from tests.mark_labels import corpus_pages, rendered_pages


def _extract(path: Path, settings: Settings) -> Document:
    from extractors.pdf import extract_pdf
    from extractors.scan import extract_image

    if path.suffix.lower() == ".pdf":
        return extract_pdf(path, path.name, "0" * 64, settings)
    return extract_image(path, path.name, "0" * 64, path.suffix.lstrip(".").lower(), settings)


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory, _shared_ocr_cache: Path
             ) -> list[tuple[Path, int, bool, bool, Document]]:
    work = tmp_path_factory.mktemp("rendered")
    pages = rendered_pages(work)
    if (CORPUS / "scans").is_dir():
        pages = corpus_pages() + pages
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), cache_dir=_shared_ocr_cache)
    docs: dict[Path, Document] = {}
    for path, *_ in pages:
        if path not in docs:
            docs[path] = _extract(path, settings)
    return [(path, page, seal, signed, docs[path]) for path, page, seal, signed in pages]


def _scores(pairs: list[tuple[bool, bool]]) -> tuple[float, float, list[int]]:
    tp = sum(t and f for t, f in pairs)
    fp = sum(f and not t for t, f in pairs)
    fn = sum(t and not f for t, f in pairs)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), [tp, fp, fn]


def test_seal_presence_precision_and_recall(labelled) -> None:
    pairs = [(seal, any(m.location.page == page for m in doc.seals))
             for _, page, seal, _, doc in labelled]
    precision, recall, counts = _scores(pairs)
    # measured 2026-11-25 on 71 pages (61 corpus, 10 rendered): 1.000 / 1.000
    assert precision >= 0.98 and recall >= 0.98, (precision, recall, counts)


def test_signature_presence_on_rendered_pages(labelled) -> None:
    """Signed, typed and empty signature places of the sample forms, scanned and as PDF:
    a signature is found exactly where there is one (a typed name is not one)."""
    rendered = [(p, page, signed, doc) for p, page, _, signed, doc in labelled
                if not str(p).startswith(str(CORPUS))]
    for path, page, signed, doc in rendered:
        kinds = [m.kind for m in doc.signatures if m.location.page == page]
        assert any(k in ("handwritten", "image") for k in kinds) == signed, (path.name, kinds)
        if path.name.startswith(("b_typed", "b_empty")):
            assert kinds == ["typed" if "typed" in path.name else "empty"], (path.name, kinds)


def _legible(doc: Document, page: int) -> bool:
    """Not a page G-10 calls too small to read."""
    from checks.g.G_10 import MIN_LEGIBLE_TEXT_PX

    return not any(s.page == page and 0 < s.text_px < MIN_LEGIBLE_TEXT_PX
                   for s in doc.scan_pages)


@pytest.mark.skipif(not (CORPUS / "scans").is_dir(), reason="shared/corpus not present")
def test_signature_presence_precision_and_recall(labelled) -> None:
    """Over corpus and rendered pages together. Measured 2026-12-01: precision 1.000,
    recall 0.750 (6 of 8). The two-column contract pages c01 and c02 are found since the
    rows left unread under seals and signatures are read again (extractors.ocr
    _reread_gaps). The misses are c03 and c06, thumbnails (text rows 6 and 9 px) where no
    signing place can be read; G-10 says so to the reviewer. On every page G-10 does not
    flag, precision and recall are both 1.000. No unsigned page is called signed: a false
    "signed" would hide a deficiency."""
    rows = [(signed, any(m.location.page == page and m.kind in ("handwritten", "image")
                         for m in doc.signatures), _legible(doc, page))
            for _, page, _, signed, doc in labelled]
    precision, recall, counts = _scores([(t, f) for t, f, _ in rows])
    assert precision == 1.0 and recall >= 0.75, (precision, recall, counts)
    precision, recall, counts = _scores([(t, f) for t, f, legible in rows if legible])
    assert precision == 1.0 and recall == 1.0, (precision, recall, counts)
    assert sum(1 for t, _, legible in rows if t and not legible) == 2  # c03, c06


@pytest.mark.parametrize("line, label", [
    ("法定代表人：", "代表人："), ("委托代理人", "代理人"), ("需方代表：张三", "代表："),
    ("甲方（盖章）  法定代表人；", "代表人；"), ("主要负责人签字：", "签字："),
    ("| 乙方代表人", "代表人"),
    # running text, not a signing place: a business scope on a licence, a contract clause
    ("| 妆品的批发地售，货运代理，电力仪器", None), ("技术进出口，代理", None),
    ("经双方代表签字、盖章后生效", None), ("本公司作为行业代表，", None),
])
def test_page_signing_label_starts_its_line_or_column(line: str, label: str | None) -> None:
    """The false "signed" of the fresh-machine run (issue 21): on c05, a licence, OCR read
    "…货运代理，" (the reading of that line depends on tesseract's dot-product code, which
    the CPU selects: SSE reads no such line, AVX2/AVX-512 do), and "代理，" passed for a
    label with a misread colon. A 代表/代理人 label now starts its line or column."""
    from extractors.sign_labels import page_sign_label

    match = page_sign_label(line)
    assert (match.group(0) if match else None) == label
