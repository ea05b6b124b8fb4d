"""PDFs and scans page by page (issue 4): routing, fonts, paragraphs, tables, OCR, cache."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pdfplumber
import pytest

from extractors._pdffonts import decode_font
from extractors.pdf import extract_pdf
from extractors.scan import extract_image
from pipeline.core.model import Document
from pipeline.core.settings import Settings
from pipeline.core.textnorm import compact
from pipeline.intake.convert import to_pdf
from pipeline.intake.sniff import sniff
from tests.conftest import CORPUS, corpus_files, unpack_sample

PDFS = corpus_files("pdf", ".pdf")
SCANS = corpus_files("scans", ".jpg", ".jpeg", ".png")


def _manifest_cjk_chars() -> dict[str, int]:
    """text_layer_cjk_chars per corpus PDF, as the MANIFEST's author measured it."""
    out: dict[str, int] = {}
    manifest = CORPUS / "MANIFEST.tsv"
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            m = re.search(r"text_layer_cjk_chars=(\d+)", line)
            if m:
                out[Path(line.split("\t")[0]).name] = int(m.group(1))
    return out


@pytest.fixture(scope="module")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory, _shared_ocr_cache: Path) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("corpus-data"), cache_dir=_shared_ocr_cache)


@pytest.fixture(scope="module")
def read_corpus(corpus_settings: Settings):
    """Every corpus PDF and scan read once for all tests of this module."""
    done: dict[Path, Document] = {}

    def read(path: Path) -> Document:
        if path not in done:
            if path.suffix == ".pdf":
                done[path] = extract_pdf(path, path.name, "0" * 64, corpus_settings)
            else:
                done[path] = extract_image(path, path.name, "0" * 64, sniff(path),
                                           corpus_settings)
        return done[path]

    return read


@pytest.mark.parametrize(("raw", "family", "bold"), [
    ("FAAAAI+FZSONGS--GB1-5,Bold", "方正宋体", True),
    ("AASQRS+TimesNewRomanPSMT", "Times New Roman", False),
    ("USJRLE+TimesNewRomanPS-BoldMT", "Times New Roman", True),
    ("YFREPW+MicrosoftYaHei-Bold", "微软雅黑", True),
    ("ABSEKN+FangSong", "仿宋", False),
    ("SWPKMC+宋体", "宋体", False),
    ("ABCDEF+#CB#CE#CC#E5", "宋体", False),  # GBK bytes, #-escaped
    ("ABCDEF+#E4#BB#BF#E5#AE#8B_GB2312", "仿宋_GB2312", False),  # UTF-8 bytes
    ("ËÎÌå", "宋体", False),  # GBK bytes that arrived as Latin-1 characters
    ("CAAAAA+NotoSansCJKjp-Bold-VKana", "Noto Sans CJK SC", True),
    ("IXRUAV+FZSSK--GBK1-0", "方正书宋_GBK", False),
    ("SimHei,Bold", "黑体", True),
])
def test_pdf_font_names_are_decoded(raw: str, family: str, bold: bool) -> None:
    font = decode_font(raw)
    assert (font.family, font.bold) == (family, bold)


@pytest.mark.skipif(not PDFS, reason="shared/corpus not present")
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_corpus_pdf_pages_are_routed_by_their_text_layer(path: Path, read_corpus) -> None:
    """A page with a text layer is never OCR'd; a page without one always is."""
    expected_cjk = _manifest_cjk_chars()[path.name]
    doc = read_corpus(path)
    routes = {r.page: r.route for r in doc.page_routes}
    assert len(routes) == doc.pages
    if expected_cjk == 0:
        assert set(routes.values()) == {"ocr"}, routes
        assert doc.ocr_pages == list(range(1, doc.pages + 1))
        assert len(doc.images) >= doc.pages  # the page pictures, for the seal detector
    else:
        assert set(routes.values()) == {"text"}, routes
        assert doc.ocr_pages == []
    cjk = sum(len(re.findall(r"[\u4e00-\u9fff]", b.text)) for b in doc.blocks())
    cjk += sum(len(re.findall(r"[\u4e00-\u9fff]", t.text())) for t in doc.tables())
    assert cjk >= 20, "almost nothing read"


@pytest.mark.skipif(not PDFS, reason="shared/corpus not present")
def test_text_layer_blocks_carry_font_size_and_box(read_corpus) -> None:
    path = next(p for p in PDFS if p.name.startswith("p04"))
    doc = read_corpus(path)
    fonts = {b.style.font_east_asia for b in doc.blocks() if b.style.font_east_asia}
    assert {"宋体", "黑体"} <= fonts  # SimSun and SimHei base names mapped
    for block in doc.blocks():
        assert block.location.page and block.location.bbox and block.spans
        assert all(s.size_pt > 0 and s.font for s in block.spans)
    assert doc.tables(), "the 申报表 is a ruled form"
    # text inside a table is read once, as cells, never again as paragraphs
    for block in doc.blocks():
        x0, top, x1, bottom = block.location.bbox
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        for table in doc.tables():
            tx0, ttop, tx1, tbottom = table.location.bbox
            on_page = {c.location.page for c in table.cells}
            assert not (block.location.page in on_page and table.location.page ==
                        block.location.page and tx0 <= cx <= tx1 and ttop <= cy <= tbottom)


@pytest.mark.skipif(not SCANS, reason="shared/corpus not present")
@pytest.mark.parametrize("path", SCANS, ids=lambda p: p.name)
def test_corpus_scans_are_read_by_ocr(path: Path, read_corpus) -> None:
    doc = read_corpus(path)
    assert doc.ocr_pages == [1] and len(doc.images) == 1
    for block in doc.blocks():
        assert block.location.bbox and block.confidence is not None
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", block.text)  # no CJK gaps


@pytest.mark.skipif(not SCANS, reason="shared/corpus not present")
def test_contract_scan_text_is_readable(read_corpus) -> None:
    """A clean scanned page: most lines confident, the printed heading read exactly."""
    doc = read_corpus(next(p for p in SCANS if p.name.startswith("c01")))
    assert any("法律责任" in b.text for b in doc.blocks())
    confident = [b for b in doc.blocks() if (b.confidence or 0) >= 80]
    assert len(confident) >= 0.6 * len(doc.blocks())


@pytest.mark.skipif(not SCANS, reason="shared/corpus not present")
def test_ruled_table_on_a_scan_becomes_a_cell_grid(read_corpus) -> None:
    doc = read_corpus(next(p for p in SCANS if p.name.startswith("c11")))
    tables = doc.tables()
    assert tables and tables[0].n_rows >= 2 and tables[0].n_cols >= 5
    assert any(c.text for c in tables[0].cells)
    assert all(c.location.bbox and c.location.table == tables[0].index for c in tables[0].cells)


@pytest.mark.skipif(not PDFS, reason="shared/corpus not present")
def test_ocr_results_are_cached_by_page_image(tmp_path: Path) -> None:
    path = next(p for p in PDFS if p.name.startswith("p10"))
    settings = Settings(data_dir=tmp_path, cache_dir=tmp_path / "cache")  # cold, not shared
    started = time.perf_counter()
    first = extract_pdf(path, path.name, "0" * 64, settings)
    cold = time.perf_counter() - started
    copy = tmp_path / "renamed.pdf"
    shutil.copy(path, copy)
    started = time.perf_counter()
    second = extract_pdf(copy, copy.name, "0" * 64, settings)
    warm = time.perf_counter() - started
    assert len(list((tmp_path / "cache" / "ocr").rglob("*.json"))) == first.pages
    assert [b.text for b in first.blocks()] == [b.text for b in second.blocks()]
    assert all(b.location.file == "renamed.pdf" for b in second.blocks())
    assert warm < cold / 5


@pytest.fixture(scope="module")
def word_and_pdf(tmp_path_factory: pytest.TempPathFactory):
    """The A1 sample packet as sent, and the same packet with its 推荐材料 as a PDF
    rendered by LibreOffice (tables run over page breaks, rows split by them)."""
    word = unpack_sample("A1", tmp_path_factory.mktemp("a1-word"))
    pdf_dir = tmp_path_factory.mktemp("a1-pdf")
    for f in word.iterdir():
        shutil.copy(f, pdf_dir / f.name)
    rec = next(pdf_dir.glob("*推荐材料.docx"))
    rendered = to_pdf(rec, "docx", "a1-rec", tmp_path_factory.mktemp("render"))
    shutil.copy(rendered, rec.with_suffix(".pdf"))
    rec.unlink()
    return word, pdf_dir


def test_forms_read_from_a_pdf_equal_the_word_reading(word_and_pdf) -> None:
    from pipeline.engine.run import check_path
    from pipeline.forms.records import read_forms

    word, pdf = word_and_pdf
    from_word = read_forms(check_path(word)[0])
    packet, result = check_path(pdf)
    from_pdf = read_forms(packet)
    assert set(from_word) == set(from_pdf)

    def flat(value: object) -> object:
        if isinstance(value, dict):
            return {k: flat(v) for k, v in value.items()}
        if isinstance(value, list):
            return [flat(v) for v in value]
        return compact(value) if isinstance(value, str) else value

    for form in from_word:
        assert flat(from_pdf[form]) == flat(from_word[form]), form
    # the remarks: the 推荐材料 came as PDF only, and that PDF shows this machine's fonts
    # (no 仿宋 here), which is judged because there is no Word copy
    assert {d.rule_id for d in result.deficiencies} - {"G-02"} == {"G-01", "A-REC-03"}
    toc = [d for d in result.deficiencies if d.rule_id == "A-REC-03"]
    assert len(toc) == 1 and toc[0].message.startswith("目录应为三号仿宋")


@pytest.fixture(scope="module")
def scanned_recommendation(word_and_pdf, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The A1 packet with its 推荐材料 as a scanned PDF: the rendered pages as 200 dpi
    pictures with a little noise, no text layer."""
    import numpy as np
    from PIL import Image

    _word, pdf_dir = word_and_pdf
    scan_dir = tmp_path_factory.mktemp("a1-scan")
    for f in pdf_dir.iterdir():
        if not f.name.endswith("推荐材料.pdf"):
            shutil.copy(f, scan_dir / f.name)
    rendered = next(pdf_dir.glob("*推荐材料.pdf"))
    rng = np.random.default_rng(7)
    pages = []
    with pdfplumber.open(rendered) as pdf:
        for page in pdf.pages:
            pixels = np.asarray(page.to_image(resolution=200).original.convert("L"), np.float32)
            noisy = np.clip(pixels + rng.normal(0, 8, pixels.shape), 0, 255).astype(np.uint8)
            pages.append(Image.fromarray(noisy))
    target = scan_dir / rendered.name.replace("推荐材料.pdf", "推荐材料（扫描件）.pdf")
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=200)
    return scan_dir


def test_forms_fill_from_a_scanned_pdf(word_and_pdf, scanned_recommendation: Path) -> None:
    """Table cells on scans come from ruling lines and OCR; the form records read from
    them agree with the Word reading on nearly every field."""
    from pipeline.engine.run import check_path
    from pipeline.forms.records import read_forms

    word, _pdf = word_and_pdf
    from_word = read_forms(check_path(word)[0])
    packet, _ = check_path(scanned_recommendation)
    scan_doc = next(d for d in packet.documents if "扫描件" in d.source.name)
    assert scan_doc.document.ocr_pages == list(range(1, scan_doc.document.pages + 1))
    from_scan = read_forms(packet)
    compared = agreed = 0
    misread: list[str] = []
    for form in ("企业信息表", "组织信息", "基础信用信息"):
        for label, value in from_word[form].items():
            if not isinstance(value, str) or not value:
                continue
            compared += 1
            got = from_scan.get(form, {}).get(label)
            if isinstance(got, str) and compact(got) == compact(value):
                agreed += 1
            else:
                misread.append(f"{form}/{label}: {value!r} → {got!r}")
    assert compared >= 30
    # measured 30/46 exact (after whitespace and width folding) with noise σ8 at 200 dpi;
    # the misses are misread characters in 10.5 pt text (南京 → 雨京), not lost fields
    assert agreed / compared >= 0.6, misread


@pytest.mark.parametrize("turn", [90, 180], ids=["sideways", "upside-down"])
def test_turned_scan_is_read_upright(tmp_path: Path, turn: int) -> None:
    """A page scanned sideways or upside down: the first reading is poor, OSD finds the
    orientation, and the turned page is read."""
    from PIL import Image

    from tests.conftest import SAMPLES

    scan = SAMPLES / "packets" / "B3_交通工程类_三星_扫描件" / "申报承诺书（签字盖章扫描件）.jpg"
    turned = tmp_path / "turned.png"
    Image.open(scan).rotate(turn, expand=True, fillcolor="white").save(turned)
    doc = extract_image(turned, "turned.png", "0" * 64, "png", Settings(data_dir=tmp_path))
    texts = [b.text for b in doc.blocks()]
    assert "交通运输企业用户满意等级评价申报承诺书" in texts[:3], texts[:5]


def test_row_label_wrapped_over_a_page_break_is_rejoined() -> None:
    """主要用户与市场指标: each label spans its three years; LibreOffice breaks the page
    inside "用户忠诚度（百分制）", leaving "用户忠诚" (1 row) and "度（百分制）" (2 rows)."""
    from extractors._pdflayout import merge_page_tables
    from pipeline.core.model import Cell, Location, Table

    def cell(text: str, row: int, col: int, span: int, page: int) -> Cell:
        return Cell(text=text, row=row, col=col, row_span=span,
                    location=Location(file="f.pdf", page=page, table=1, row=row + 1,
                                      col=col + 1, bbox=(72 + col * 100, 100 + row * 20,
                                                         172 + col * 100, 120 + row * 20)))

    years = ["前二年", "前一年", "本年"]
    head = Table(index=1, n_rows=4, n_cols=2, location=Location(file="f.pdf", page=1),
                 cells=[cell("用户满意度（百分制）", 0, 0, 3, 1),
                        *(cell(y, r, 1, 1, 1) for r, y in enumerate(years)),
                        cell("用户忠诚", 3, 0, 1, 1), cell("前二年", 3, 1, 1, 1)])
    tail = Table(index=2, n_rows=5, n_cols=2, location=Location(file="f.pdf", page=2),
                 cells=[cell("度（百分制）", 0, 0, 2, 2), cell("前一年", 0, 1, 1, 2),
                        cell("本年", 1, 1, 1, 2), cell("用户抱怨率（%）", 2, 0, 3, 2),
                        *(cell(y, 2 + r, 1, 1, 2) for r, y in enumerate(years))])
    (table,) = merge_page_tables([head, tail])
    labels = sorted((c.row, c.text, c.row_span) for c in table.cells if c.col == 0)
    assert labels == [(0, "用户满意度（百分制）", 3), (3, "用户忠诚度（百分制）", 3),
                      (6, "用户抱怨率（%）", 3)]
