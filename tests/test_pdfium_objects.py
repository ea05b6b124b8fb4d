"""The fast PDF reading (extractors._pdfium_objects) reads what pdfminer reads (issue 10).

Each page is read twice, by pdfplumber over pdfminer and by pdfium in pdfplumber's object
shape, and the document model built from both must be the same: routes, paragraphs with
their fonts, sizes and alignment, and table cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest

from extractors._pdfium_objects import objects_for
from extractors._pdflayout import page_content
from extractors.pdf import route_page
from pipeline.core.model import Table
from pipeline.intake.convert import to_pdf
from tests.conftest import unpack_sample


def _reading(page: pdfplumber.page.Page) -> tuple[str, list[Any]]:
    route = route_page(page).route
    items = page_content(page, "x.pdf", page.page_number, 1) if route == "text" else []
    out: list[Any] = []
    for item in items:
        if isinstance(item, Table):
            out.append(("table", item.n_rows, item.n_cols,
                        [(c.row, c.col, c.row_span, c.col_span, c.text) for c in item.cells]))
        else:
            s = item.style
            out.append(("block", item.text, s.font_east_asia, s.font_ascii, s.size_pt, s.bold,
                        s.alignment, s.first_line_chars, item.location.container))
    return route, out


def _both(pdf: Path) -> list[tuple[tuple[str, list[Any]], tuple[str, list[Any]] | None]]:
    pairs = []
    with pdfplumber.open(str(pdf)) as plumber:
        fast = pdfium.PdfDocument(str(pdf))
        for page in plumber.pages:
            slow = _reading(page)
            page.flush_cache()
            objects = objects_for(page, fast[page.page_number - 1])
            if objects is None:
                pairs.append((slow, None))
                continue
            page._objects = objects
            pairs.append((slow, _reading(page)))
            page.flush_cache()
        fast.close()
    return pairs


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The bound volume of sample A3 and LibreOffice renderings of B3's forms (tables,
    mixed CJK and Latin fonts, signature places)."""
    root = tmp_path_factory.mktemp("pdfium")
    a3 = unpack_sample("A3", root)
    b3 = root / "b3"
    b3.mkdir()
    unpack_sample("B3", b3)
    rendered = [to_pdf(p, "docx", p.stem, root / "rendered")
                for p in sorted(b3.glob("*.docx")) if p.stem in ("申请表", "实践报告")]
    return sorted(a3.glob("*.pdf")) + rendered


def test_pdfium_objects_read_the_samples_as_pdfminer_does(sample_pdfs: list[Path]) -> None:
    pages = 0
    for pdf in sample_pdfs:
        for n, (slow, fast) in enumerate(_both(pdf), start=1):
            assert fast is not None, f"{pdf.name} p{n}: fell back to pdfminer"
            assert fast == slow, f"{pdf.name} p{n}"
            pages += 1
    assert pages >= 30, pages


def test_pages_it_does_not_cover_stay_with_pdfminer(tmp_path: Path) -> None:
    """A rotated page: pdfium's coordinates are the unrotated page's, pdfminer's are
    turned; such a page is not given pdfium's objects."""
    pdf = tmp_path / "rotated.pdf"
    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    doc[0].set_rotation(90)
    doc.save(str(pdf))
    with pdfplumber.open(str(pdf)) as plumber:
        page = plumber.pages[0]
        assert page.rotation == 90
        assert objects_for(page, pdfium.PdfDocument(str(pdf))[0]) is None


def test_ring_reader_reads_each_ring_as_ring_text_does() -> None:
    """The rings of a document read in one tesseract run give each ring's own reading."""
    from PIL import Image

    from extractors.seal_text import RingReader, ring_text
    from pipeline.core.model import Location, SealMark
    from samples.images import seal

    names = ("华通交通运输集团有限公司", "中路桥梁工程建设有限公司", "")
    images = [Image.alpha_composite(Image.new("RGBA", (400, 400), "white"), seal(n))
              .convert("RGB") for n in names]
    reader = RingReader()
    marks = []
    for image in images:
        mark = SealMark(location=Location(file="x"), box=(10, 10, 390, 390), shape="round",
                        colour="red", confidence=0.9)
        reader.add(mark, image, (10, 10, 390, 390), "red")
        marks.append(mark)
    assert all(m.ring_text is None for m in marks)
    reader.read()
    alone = [ring_text(image, (10, 10, 390, 390)) for image in images]
    assert [(m.ring_text, m.ring_confidence) for m in marks] == alone
    assert alone[0][0] and alone[1][0]  # the two named seals are read at all
