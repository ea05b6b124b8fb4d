"""G-10: a scan too small to read is said to be so, page by page (issue 5, new rule)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pipeline.core.settings import Settings
from pipeline.engine.run import check_path
from tests.conftest import CORPUS, copy_packet


def _licence(folder: Path) -> Path:
    return next(folder.glob("*营业执照.png"))


def _shrink(path: Path, factor: int) -> None:
    with Image.open(path) as image:
        small = image.convert("RGB").resize((image.width // factor, image.height // factor),
                                            Image.LANCZOS)
    small.save(path)


def _g10(folder: Path, tmp_path: Path) -> list:
    _, result = check_path(folder, Settings(data_dir=tmp_path / "data",
                                            cache_dir=tmp_path / "cache"))
    return [d for d in result.deficiencies if d.rule_id == "G-10"]


def test_a_thumbnail_scan_is_a_g10_warning_naming_file_and_page(b_template: Path,
                                                                 tmp_path: Path) -> None:
    folder = copy_packet(b_template, tmp_path / "p")
    licence = _licence(folder)
    _shrink(licence, 5)  # the 150 dpi licence as a 30 dpi thumbnail
    found = _g10(folder, tmp_path)
    assert [(d.severity, d.file, d.page) for d in found] == [
        ("warning", licence.name, 1)], found
    assert "第 1 页扫描分辨率过低" in found[0].message and "像素" in found[0].evidence


def test_a_thumbnail_inside_a_pdf_is_measured_at_its_own_resolution(b_template: Path,
                                                                    tmp_path: Path) -> None:
    """Rendering a 30 dpi picture at 300 dpi for OCR makes its rows tall but not legible:
    the picture's own resolution on the page decides."""
    folder = copy_packet(b_template, tmp_path / "p")
    licence = _licence(folder)
    _shrink(licence, 5)
    with Image.open(licence) as image:
        pdf = licence.with_suffix(".pdf")
        image.convert("RGB").save(pdf, resolution=30)
    licence.unlink()
    found = _g10(folder, tmp_path)
    assert [(d.file, d.page) for d in found] == [(pdf.name, 1)], found
    assert "dpi" in found[0].message


@pytest.mark.skipif(not (CORPUS / "scans").is_dir(), reason="shared/corpus not present")
def test_corpus_thumbnails_are_flagged_and_normal_scans_are_not() -> None:
    """c03 (354×500) and c06 (500×713) are the corpus's thumbnails; the other scans are
    photos and scans at their full size."""
    from checks.g.G_10 import MIN_LEGIBLE_TEXT_PX
    from extractors.ocr import text_row_height

    small = set()
    for path in sorted((CORPUS / "scans").iterdir()):
        with Image.open(path) as image:
            if 0 < text_row_height(image) < MIN_LEGIBLE_TEXT_PX:
                small.add(path.name[:3])
    assert small == {"c03", "c06"}


def test_class6_an_ocr_engine_error_leaves_regions_unread_not_the_document(
        b_template: Path, tmp_path: Path) -> None:
    """Issue 18, class 6: tesseract dying on a crop (SIGFPE on real licence scans) lost the
    whole file (G-06 内部错误) and then the licence (G-07). Here the real tesseract fails on
    every call (a language it does not have): each region is unread, the document is still
    read (its seal found), and no G-06 names it."""
    from extractors.scan import extract_image

    folder = copy_packet(b_template, tmp_path / "p")
    licence = _licence(folder)
    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache",
                        ocr_languages="zz_missing")
    doc = extract_image(licence, licence.name, "0" * 64, "png", settings)
    assert doc.file == licence.name and doc.seals, doc.seals
    _, result = check_path(folder, settings)
    assert not [d for d in result.deficiencies
                if d.rule_id == "G-06" and d.file == licence.name], result.deficiencies


def test_ocr_work_per_page_is_bounded_and_a_partly_read_page_is_named(
        b_template: Path, tmp_path: Path) -> None:
    """Issue 19, item 5: the re-reads after a page's first full read stop when the page's
    budget (engine calls or seconds) is spent. The page is then partly read: what the first
    read found is kept, the page is not cached, and a G-06 notice (请人工核对) names it."""
    from extractors.scan import extract_image

    folder = copy_packet(b_template, tmp_path / "p")
    licence = _licence(folder)
    full = extract_image(licence, licence.name, "0" * 64, "png",
                         Settings(data_dir=tmp_path / "d1", cache_dir=tmp_path / "c1"))
    assert full.partial_pages == []
    for budget in ({"ocr_page_max_calls": 0}, {"ocr_page_budget_s": 0.0}):
        settings = Settings(data_dir=tmp_path / "d2", cache_dir=tmp_path / "c2", **budget)
        partly = extract_image(licence, licence.name, "0" * 64, "png", settings)
        assert partly.partial_pages == [1] and partly.blocks(), budget
        pages = [f for f in (tmp_path / "c2" / "ocr").rglob("*.json")
                 if not {"rings", "labels"} & set(f.parts)]  # seal readings are kept apart
        assert pages == []  # a partly read page is not cached
    _, result = check_path(folder, settings)
    notices = [d for d in result.deficiencies if d.rule_id == "G-06" and d.file == licence.name]
    assert [d.severity for d in notices] == ["notice"] and "第1页" in notices[0].message
    assert "请人工核对" in notices[0].message and notices[0].review


def test_pages_past_the_ocr_page_limit_are_named(tmp_path: Path) -> None:
    """A scan of more pages than ocr_max_pages: the pages past it are named, not silent."""
    frames = [Image.new("RGB", (800, 1100), "white") for _ in range(3)]
    scan = tmp_path / "p" / "证实性材料.tif"
    scan.parent.mkdir()
    frames[0].save(scan, save_all=True, append_images=frames[1:])
    _, result = check_path(scan.parent, Settings(data_dir=tmp_path / "d", ocr_max_pages=1))
    [notice] = [d for d in result.deficiencies if d.rule_id == "G-06"]
    assert notice.severity == "notice" and "第2页、第3页" in notice.message
