"""PDF text layer vs OCR routing, and scans read by real tesseract."""

from __future__ import annotations

import shutil
from pathlib import Path

from extractors.pdf import extract_pdf
from extractors.scan import extract_image
from pipeline.core.settings import Settings
from pipeline.forms.classify import split_parts
from tests.conftest import SAMPLES

SCAN = SAMPLES / "packets" / "B3_交通工程类_三星_扫描件" / "经营承诺书（盖章扫描件）.jpg"


def test_scan_title_is_read_by_ocr_and_names_the_part(tmp_path: Path) -> None:
    anonymous = tmp_path / "scan.jpg"  # the file name cannot help classification
    shutil.copy(SCAN, anonymous)
    doc = extract_image(anonymous, "scan.jpg", "0" * 64, "jpeg", Settings())
    assert doc.ocr_pages == [1] and len(doc.images) == 1 and doc.images[0].location.page == 1
    first = doc.blocks()[0]
    assert first.text == "交通运输企业用户满意经营承诺书"
    assert first.location.bbox and first.confidence and first.confidence > 50
    assert " " not in first.text  # spaces between CJK characters removed
    assert [s.part for s in split_parts(doc)] == ["经营承诺书"]


def test_text_layer_pdf_is_never_ocrd() -> None:
    pdf = next((SAMPLES / "packets" / "A2_质量信用_AAA_缺陷").glob("*.pdf"))
    doc = extract_pdf(pdf, pdf.name, "0" * 64, Settings())
    assert doc.ocr_pages == [] and not doc.images
    assert any("用户满意度测评报告" in b.text for b in doc.blocks())
    assert all(b.location.page == 1 and b.location.bbox for b in doc.blocks())


