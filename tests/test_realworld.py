"""Real pages that others made (../shared/corpus/realworld, labels made by looking; issue
19, item 6): certificates, licences, invoices, letters, forms, photos of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pipeline.core.settings import Settings
from tests.conftest import CORPUS

REALWORLD = CORPUS / "realworld"


def _pages() -> list[dict[str, str]]:
    from tests.mark_labels import realworld_pages

    return realworld_pages()


def test_red_seals_on_every_real_page() -> None:
    """Each page shows as many red seals as its label says (so presence is right too):
    the national emblems of licences (one turned 90°), red logos and borders are no seals,
    and neither are the pale watermarks and warm text fringes of electronic licences that
    a look for faint pink took for red."""
    from extractors.seals import find_seals

    wrong = []
    for row in _pages():
        with Image.open(REALWORLD / row["local_file"]) as image:
            found = [s for s in find_seals(image.convert("RGB")) if s.colour == "red"]
        if len(found) != int(row["seal_count"] or 0) or bool(found) != (row["red_seal"] == "true"):
            wrong.append((row["local_file"], len(found)))
    assert wrong == []


@pytest.fixture(scope="module")
def signed_pages(tmp_path_factory: pytest.TempPathFactory, _shared_ocr_cache: Path
                 ) -> dict[str, list[str]]:
    """The kinds of signature place found on each real page, read as a scan is."""
    from extractors.scan import extract_image

    work = tmp_path_factory.mktemp("realworld")
    settings = Settings(data_dir=work / "data", cache_dir=_shared_ocr_cache)
    out = {}
    for row in _pages():
        path = REALWORLD / row["local_file"]
        kind = "jpeg" if path.suffix.lower() in (".jpg", ".jpeg") else "png"
        doc = extract_image(path, path.name, "0" * 64, kind, settings)
        out[row["local_file"]] = [m.kind for m in doc.signatures]
    return out


@pytest.mark.slow
def test_signatures_on_real_pages(signed_pages: dict[str, list[str]]) -> None:
    """No signature is claimed on a page without one (precision 1.0), and the handwritten
    signatures next to a legible 签名/签字 label are found: the three scanned 授权书, one
    of them with its label's bracket read as "}", and the 承诺书 photo whose
    "单位负责人（签字）：" the seal and the signature cross (neither engine read it on the
    page; PP-OCR reads it in strips beside the seal), and the test report signed after
    "编制：", "审核：", "批准："."""
    labels = {row["local_file"]: row["signature"] == "true" for row in _pages()}
    claimed = {f for f, kinds in signed_pages.items()
               if any(k in ("handwritten", "image") for k in kinds)}
    assert {f for f in claimed if not labels[f]} == set()
    assert {"images/sig_001.png", "images/sig_002.png", "images/sig_003.png",
            "images/seal_021.jpg", "images/seal_024.png"} <= claimed


def test_a_sideways_licence_is_not_enlarged_past_the_pixel_cap() -> None:
    """A licence scanned sideways: its row gaps are the gaps between characters, its text
    looked 8 px high, and the page was enlarged 3× to 20 million pixels (58 s to read)."""
    from extractors.ocr import MAX_LEGIBLE_PIXELS, _legible

    with Image.open(REALWORLD / "images" / "seal_013.png") as image:
        enlarged, scale = _legible(image.convert("RGB"), 1.0)
    assert enlarged.width * enlarged.height <= MAX_LEGIBLE_PIXELS * 1.01
    assert scale == pytest.approx(image.width / enlarged.width, rel=0.01)


def test_a_black_and_white_page_skips_the_red_looks() -> None:
    """A grey picture (a black-and-white scan kept as colour) has no hue: no red seal is
    looked for (each look cost a page's worth of work); the colour page keeps its seal."""
    from extractors.seals import _colourless, find_seals

    with Image.open(REALWORLD / "images" / "seal_024.png") as image:
        colour = image.convert("RGB")
    grey = colour.convert("L").convert("RGB")
    assert find_seals(grey) == [] and find_seals(colour)
    import cv2
    import numpy as np

    assert _colourless(cv2.cvtColor(np.asarray(grey), cv2.COLOR_RGB2BGR))
    assert not _colourless(cv2.cvtColor(np.asarray(colour), cv2.COLOR_RGB2BGR))


def test_ocr_variants_of_a_signing_label_are_labels() -> None:
    from extractors.sign_labels import page_sign_label

    for line in ("授权人 ( 全体陵员签名 }: 次多", "主要负责人签字：", "法定代表人（签章）：",
                 "单位负责人（签字】", "需方代表："):
        assert page_sign_label(line), line
    for line in ("此表申请单位签字盖章后，原件寄送至中交企协质量工委。", "签名后扫描提交"):
        assert not page_sign_label(line), line
