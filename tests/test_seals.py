"""Seal detector, first version (issue 5 in progress): presence on labelled corpus images.

Labels are by looking at the images (MANIFEST notes agree): every file of corpus/seals
holds one seal impression except s05 (a filled square without any mark: left out as
ambiguous); c11–c13 of corpus/scans hold none. This is the baseline the detector reaches
today, not issue 5's target (0.98 precision and recall over all labelled pages).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from extractors.seals import find_seals
from tests.conftest import CORPUS

ONE_SEAL = ["s01", "s02", "s03", "s04", "s06", "s07", "s08", "s09", "s10", "s11", "s12", "s13",
            "s14", "s15"]
NO_SEAL = ["c11", "c12", "c13"]


def _file(folder: str, prefix: str) -> Path:
    return next((CORPUS / folder).glob(prefix + "_*"))


@pytest.mark.skipif(not (CORPUS / "seals").is_dir(), reason="shared/corpus not present")
def test_seal_presence_baseline() -> None:
    tp = fp = fn = 0
    for prefix in ONE_SEAL:
        found = len(find_seals(Image.open(_file("seals", prefix))))
        tp, fp, fn = tp + min(found, 1), fp + max(found - 1, 0), fn + (found == 0)
    for prefix in NO_SEAL:
        fp += len(find_seals(Image.open(_file("scans", prefix))))
    recall, precision = tp / (tp + fn), tp / (tp + fp)
    # measured 2026-11-25: recall 14/14, precision 14/20 (s13, a faint photographed seal,
    # breaks into six pieces; s11 yields a second, small box). Page-level presence over
    # the whole corpus is measured by bench/seal_presence.py.
    assert recall >= 0.95 and precision >= 0.65, (recall, precision)


@pytest.mark.skipif(not (CORPUS / "seals").is_dir(), reason="shared/corpus not present")
@pytest.mark.parametrize(("prefix", "shape"), [("s02", "round"), ("s09", "oval"),
                                               ("s01", "square")])
def test_seal_shape(prefix: str, shape: str) -> None:
    seals = find_seals(Image.open(_file("seals", prefix)))
    assert seals and seals[0].shape == shape and seals[0].colour == "red"
    assert 0.5 <= seals[0].confidence <= 1.0


@pytest.mark.skipif(not (CORPUS / "pdf").is_dir(), reason="shared/corpus not present")
def test_emblem_and_photo_are_not_seals() -> None:
    """The 教育部 emblem in a web page header (red and gold) and an author's photo."""
    import pdfplumber

    for prefix, page_no in (("p07", 1), ("p05", 13)):
        with pdfplumber.open(_file("pdf", prefix)) as pdf:
            page = pdf.pages[page_no - 1].to_image(resolution=200).original
        assert find_seals(page) == [], prefix


def test_red_heading_and_table_lines_are_not_seals(tmp_path: Path) -> None:
    from PIL import ImageDraw

    from samples.images import font

    page = Image.new("RGB", (1654, 2339), "white")
    draw = ImageDraw.Draw(page)
    draw.text((300, 200), "关于开展用户满意工程活动的通知", font=font(80), fill=(200, 20, 20))
    for y in range(600, 1400, 80):
        draw.line((200, y, 1450, y), fill=(210, 30, 30), width=3)
    assert find_seals(page) == []
