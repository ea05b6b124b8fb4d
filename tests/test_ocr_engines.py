"""The OCR engines (issue 19, item 1): tesseract in process (tesserocr) and by its command,
PP-OCR from the models inside the rapidocr wheel, with the network unreachable."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.core.settings import Settings

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
LINE = "企业名称：华通交通运输集团有限公司"


def _line_image(text: str = LINE, size: int = 32) -> Image.Image:
    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (int(size * len(text) * 1.1) + 40, size * 2), 255)
    ImageDraw.Draw(image).text((20, size // 3), text, font=font, fill=0)
    return image


def _text(data: dict[str, list]) -> str:
    """The words read, punctuation aside (tesseract 5.3's command reads this colon as
    ";", the 5.5 library inside tesserocr as ":")."""
    return "".join(ch for w in data["text"] for ch in w if ch.isalnum())


def test_tesseract_in_process_and_by_command_read_the_same_line() -> None:
    from extractors import _tesseract

    assert _tesseract.in_process_available()
    image = np.asarray(_line_image())
    inside = _tesseract.image_to_data(image, "chi_sim", 7, in_process=True)
    command = _tesseract.image_to_data(image, "chi_sim", 7, in_process=False)
    assert _text(inside) == _text(command) == LINE.replace("：", "")
    assert set(inside) == set(command)  # the same fields: the callers cannot tell
    assert _tesseract.version(True).startswith("tesserocr")
    assert _tesseract.version(True) != _tesseract.version(False)


def test_a_language_tesseract_lacks_is_an_engine_error_in_both_modes() -> None:
    from extractors import _tesseract

    image = np.asarray(_line_image())
    for in_process in (True, False):
        with pytest.raises(_tesseract.EngineError):
            _tesseract.image_to_data(image, "zz_missing", 7, in_process=in_process)


def test_orientation_in_process_agrees_with_the_command() -> None:
    """OSD in process returns the page's angle counter-clockwise; it is turned into the
    command's clockwise "Rotate" so the callers see one meaning."""
    from extractors import _tesseract

    page = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 36)
    for row in range(14):
        draw.text((80, 100 + row * 100), "用户满意工程申报材料审核说明第" + str(row + 1) + "条",
                  font=font, fill=0)
    for turn in (90, 270):
        turned = np.asarray(page.rotate(turn, expand=True))
        inside = _tesseract.orientation(turned, in_process=True)
        command = _tesseract.orientation(turned, in_process=False)
        # PIL turns counter-clockwise: the page is upright again after `turn` clockwise
        assert inside and command and inside[0] == command[0] == turn, (turn, inside, command)


def test_a_reading_process_that_died_is_retried_with_the_command() -> None:
    """tesseract in process can crash its process on a crop it cannot handle (SIGFPE was
    seen with the command on real licence scans): the file is then read once more with
    the command, where such a crash costs one region."""
    from pipeline.engine.run import _retry_settings

    settings = Settings()
    retry = _retry_settings("died", settings)
    assert retry is not None and not retry.ocr_tesseract_in_process
    assert _retry_settings("died", retry) is None  # once
    assert _retry_settings("timeout", settings) is None
    assert _retry_settings("memory", settings) is None


@pytest.mark.skipif(not shutil.which("unshare"), reason="unshare (util-linux) missing")
def test_ppocr_reads_from_the_wheel_with_the_network_unreachable(tmp_path: Path) -> None:
    """PP-OCR's models are the files inside the rapidocr wheel: it reads a line in a
    process that has no network at all (a new network namespace: loopback down)."""
    picture = tmp_path / "line.png"
    _line_image().save(picture)
    script = (
        "import socket, sys, numpy as np\n"
        "from PIL import Image\n"
        "try:\n"
        "    socket.create_connection(('1.1.1.1', 80), timeout=2)\n"
        "    sys.exit('network reachable')\n"
        "except OSError:\n"
        "    pass\n"
        "from extractors import _ppocr\n"
        "assert _ppocr.available()\n"
        f"print(_ppocr.read_line(np.asarray(Image.open({str(picture)!r}).convert('L')))[0])\n")
    done = subprocess.run(["unshare", "-rn", sys.executable, "-c", script],
                          capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])
    if done.returncode and "unshare" in done.stderr and "Operation not permitted" in done.stderr:
        pytest.skip("no user namespaces here")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().replace(":", "：") == LINE


def test_ring_engine_setting_chooses_the_reader() -> None:
    from extractors.seal_text import ring_text
    from samples.images import seal

    name = "远航港口物流股份有限公司"
    image = Image.alpha_composite(Image.new("RGBA", (400, 400), "white"), seal(name))
    ppocr, _ = ring_text(image, (10, 10, 390, 390), engine="ppocr")
    tesseract, _ = ring_text(image, (10, 10, 390, 390), engine="tesseract")
    assert ppocr == name
    assert tesseract  # tesseract reads the clean sample ring too, if with slips


@pytest.mark.slow
def test_a_pen_ticked_scanned_form_is_read_like_its_word_file(tmp_path: Path) -> None:
    """Issue 18's hand mark on a scan and issue 19's table cells: the B 申请表 printed with
    its boxes empty, ticked by pen and scanned at 200 dpi. The pen's tick is read as the
    ticked option, and the cells (read by PP-OCR) give the Word file's values, where
    tesseract read 顺达城币公灭有限公司 and 有限贡任公司."""
    import random

    from extractors import extract
    from pipeline.forms.fields import label_value, ticked
    from pipeline.intake.receive import intake
    from samples.generate import build_b1
    from tests.variants import forms_hand_ticked_scanned

    build_b1(tmp_path / "b1")
    forms_hand_ticked_scanned(tmp_path / "b1", random.Random(18))
    [scan] = [p for p in (tmp_path / "b1").iterdir() if "申请表（签字盖章扫描件）" in p.name]
    settings = Settings(data_dir=tmp_path / "d", cache_dir=tmp_path / "c")
    [source] = intake(scan, settings).sources
    doc = extract(source, settings)
    assert doc.partial_pages == []  # read within its budget
    tables = doc.tables()
    for label, value in (("企业名称", "顺达城市公交有限公司"), ("企业类型", "有限责任公司"),
                         ("联系地址", "福建省福州市鼓楼区五四路66号")):
        found = label_value(tables, label)
        assert found and found.value == value, (label, found)
    options = [c.text for t in tables for c in t.cells if "标杆" in c.text]
    assert options and any("用户满意标杆" in o for o in ticked(options[0])), options


@pytest.mark.slow
def test_form_cells_are_read_by_one_engine(tmp_path: Path) -> None:
    """On a scanned form the cells left to PP-OCR are painted out of tesseract's picture:
    no tesseract word stands in them (a form page cost both engines' time), and the cells
    still give the Word file's values."""
    import pypdfium2

    from extractors.ocr import _read_page
    from pipeline.intake.convert import to_pdf
    from samples.generate import build_b1

    build_b1(tmp_path / "b1")
    form = next(p for p in (tmp_path / "b1").rglob("*.docx") if "申请表" in p.name)
    pdf = to_pdf(form, "docx", "0" * 64, tmp_path / "r")
    page = pypdfium2.PdfDocument(str(pdf))[0].render(scale=200 / 72).to_pil().convert("L")
    settings = Settings(data_dir=tmp_path / "d", cache_dir=tmp_path / "c")
    read = _read_page(page, settings)
    assert read.for_ppocr
    boxes = [read.tables[t].cells[c].box for t, c in read.for_ppocr]
    inside = [w for i, w in enumerate(read.data["text"]) if w.strip() and any(
        x0 <= read.data["left"][i] + read.data["width"][i] / 2 <= x1
        and top <= read.data["top"][i] + read.data["height"][i] / 2 <= bottom
        for x0, top, x1, bottom in boxes)]
    assert inside == []
    from extractors.ocr import ocr_page
    from pipeline.core.model import Table
    from pipeline.forms.fields import label_value

    tables = [item for item in ocr_page(page, form.name, 1, settings) if isinstance(item, Table)]
    found = label_value(tables, "企业名称")
    assert found and found.value == "顺达城市公交有限公司", found
