"""Seal and signature rules (A-APP-03/04, A-PLG-02, A-REC-01/07, B-APP-01, B-PLG-01/02) on
complete generated packets (passing) and on copies with one picture removed, moved or
replaced (failing). Real Word files, real detector, real LibreOffice for the scan case."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from pipeline.engine.run import check_path
from samples.generate import scan_of
from tests.conftest import copy_packet

SEAL_RULES = ["A-APP-03", "A-APP-04", "A-PLG-02", "A-REC-01", "A-REC-07", "B-APP-01", "B-PLG-01",
              "B-PLG-02"]


def _file(folder: Path, part: str) -> Path:
    return next(p for p in folder.iterdir() if part in p.name and p.suffix == ".docx")


def _findings(folder: Path) -> list[tuple[str, str, str]]:
    _, result = check_path(folder)
    return sorted((d.rule_id, d.severity, d.message) for d in result.deficiencies
                  if d.rule_id in SEAL_RULES)


def _drawing_paragraphs(d: docx.document.Document) -> list:
    """Paragraph elements holding a picture, in document order (body and table cells)."""
    return [p for p in d.element.body.iter(qn("w:p")) if p.find(".//" + qn("w:drawing")) is not None]


def remove_picture(path: Path, index: int, typed: str | None = None) -> None:
    """Delete the index-th picture of a Word file; `typed` puts a name in its place."""
    d = docx.Document(str(path))
    paragraph = _drawing_paragraphs(d)[index]
    drawing = paragraph.find(".//" + qn("w:drawing"))
    run = drawing.getparent()
    if typed is None:
        run.remove(drawing)
    else:
        run.remove(drawing)
        text = run.makeelement(qn("w:t"), {})
        text.text = typed
        run.append(text)
    d.save(str(path))


def move_picture_to_start(path: Path, index: int) -> None:
    d = docx.Document(str(path))
    paragraph = _drawing_paragraphs(d)[index]
    paragraph.getparent().remove(paragraph)
    d.element.body.insert(0, paragraph)
    d.save(str(path))


def test_complete_packets_pass_every_seal_rule(a_template: Path, b_template: Path) -> None:
    assert _findings(a_template) == []
    assert _findings(b_template) == []


# (template, part file, picture index, typed name, rule, severity, words in the message)
CASES = [
    ("a_template", "信息采集表", 0, None, "A-APP-03", "error", "未见公章"),
    ("a_template", "信息采集表", 1, None, "A-APP-03", "error", "未签字"),
    ("a_template", "信息采集表", 1, "王建国", "A-APP-03", "warning", "只有打印的姓名“王建国”"),
    ("a_template", "承诺书", 0, None, "A-PLG-02", "error", "未见公章"),
    ("a_template", "承诺书", 1, "王建国", "A-PLG-02", "warning", "未见本人签字"),
    ("a_template", "推荐材料", 0, None, "A-REC-01", "error", "“企业名称（加盖公章）”处未见公章"),
    ("a_template", "推荐材料", 1, None, "A-REC-07", "error", "“加盖公章或财务章”处未见公章"),
    ("b_template", "经营承诺书", 0, None, "B-PLG-01", "error", "未见公章"),
    ("b_template", "申报承诺书", 0, None, "B-PLG-02", "error", "未见公章"),
    ("b_template", "申报承诺书", 1, None, "B-PLG-02", "error", "未签字"),
    ("b_template", "申请表", 0, None, "B-APP-01", "error", "未见公章"),
]


@pytest.mark.parametrize(("template", "part", "index", "typed", "rule_id", "severity", "words"),
                         CASES, ids=[f"{c[4]}-{c[1]}-{c[2]}-{c[3]}" for c in CASES])
def test_seal_rule_fails_when_a_picture_goes(request: pytest.FixtureRequest, tmp_path: Path,
                                             template: str, part: str, index: int,
                                             typed: str | None, rule_id: str, severity: str,
                                             words: str) -> None:
    folder = copy_packet(request.getfixturevalue(template), tmp_path / "p")
    remove_picture(_file(folder, part), index, typed)
    found = _findings(folder)
    assert [(r, s) for r, s, _ in found] == [(rule_id, severity)], found
    assert words in found[0][2]


def test_seal_away_from_its_label_is_a_notice(a_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(a_template, tmp_path / "p")
    move_picture_to_start(_file(folder, "承诺书"), 0)
    found = _findings(folder)
    assert [(r, s) for r, s, _ in found] == [("A-PLG-02", "notice")], found
    assert "不在" in found[0][2]


def test_sealed_scan_makes_up_for_an_unsealed_word_file(b_template: Path, tmp_path: Path) -> None:
    """The Word 申报承诺书 without its seal, plus a colour scan of the sealed one: sealed."""
    folder = copy_packet(b_template, tmp_path / "p")
    pledge = _file(folder, "申报承诺书")
    scan_of(pledge, folder / "申报承诺书（盖章扫描件）.tif", 3)
    remove_picture(pledge, 0)
    assert _findings(folder) == []


def test_seal_on_the_page_after_its_label_is_a_notice(a_template: Path, tmp_path: Path) -> None:
    """The A 承诺书 in 三号 runs to two pages: on its scan the seal lands at the top of page 2,
    the label at the foot of page 1. Sealed, but not at the label: a notice, not an error."""
    folder = copy_packet(a_template, tmp_path / "p")
    pledge = _file(folder, "承诺书")
    scan_of(pledge, folder / (pledge.stem + "（盖章扫描件）.tif"), 3)
    remove_picture(pledge, 0)
    found = _findings(folder)
    assert [(r, s) for r, s, _ in found] == [("A-PLG-02", "notice")], found


def test_grey_seal_picture_is_a_p_app_04_error(a_template: Path, tmp_path: Path) -> None:
    """The 承诺书's seal picture replaced by a black-and-white copy of itself."""
    from PIL import Image

    from samples.images import grey_copy

    folder = copy_packet(a_template, tmp_path / "p")
    pledge = _file(folder, "承诺书")
    d = docx.Document(str(pledge))
    blip = _drawing_paragraphs(d)[0].find(".//" + qn("a:blip"))
    part = d.part.related_parts[blip.get(qn("r:embed"))]
    import io

    grey = io.BytesIO()
    grey_copy(Image.open(io.BytesIO(part.blob))).save(grey, format="PNG")
    part._blob = grey.getvalue()
    d.save(str(pledge))
    found = _findings(folder)
    assert [(r, s) for r, s, _ in found] == [("A-APP-04", "error")], found
    assert "市场质量信用承诺书" in found[0][2] and "红色公章" in found[0][2]


def _replace_picture(path: Path, index: int, image) -> None:
    """Put `image` in place of the index-th picture's bytes (same size on the page)."""
    import io

    d = docx.Document(str(path))
    blip = _drawing_paragraphs(d)[index].find(".//" + qn("a:blip"))
    part = d.part.related_parts[blip.get(qn("r:embed"))]
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    part._blob = buf.getvalue()
    d.save(str(path))


def test_another_companys_seal_is_a_g_03_error(a_template: Path, tmp_path: Path) -> None:
    from samples.images import seal

    folder = copy_packet(a_template, tmp_path / "p")
    _replace_picture(_file(folder, "承诺书"), 0, seal("远航港口物流股份有限公司"))
    _, result = check_path(folder)
    found = [d for d in result.deficiencies if d.rule_id == "G-03"]
    assert [d.severity for d in found] == ["error"], found
    assert "远航港口物流" in found[0].message and "华通交通运输集团有限公司" in found[0].message


def test_unreadable_seal_ring_is_only_a_notice(a_template: Path, tmp_path: Path) -> None:
    """A seal with a ring and a star but no legible name: the reviewer is told to look,
    nothing is called wrong."""
    from samples.images import seal

    folder = copy_packet(a_template, tmp_path / "p")
    _replace_picture(_file(folder, "承诺书"), 0, seal(""))
    _, result = check_path(folder)
    found = [d for d in result.deficiencies if d.rule_id == "G-03"]
    assert [d.severity for d in found] == ["notice"], found
    assert "人工核对" in found[0].message


def test_ring_text_reads_the_sample_seal() -> None:
    from PIL import Image

    from checks.g.G_03 import name_coverage
    from extractors.seal_text import ring_text
    from samples.images import seal

    for name in ("华通交通运输集团有限公司", "中路桥梁工程建设有限公司"):
        image = Image.alpha_composite(Image.new("RGBA", (400, 400), "white"), seal(name))
        text, confidence = ring_text(image, (10, 10, 390, 390))
        assert name_coverage(name, text) >= 0.75 and confidence >= 60, (text, confidence)


def test_empty_date_on_a_scan_is_a_g_04_warning(b_template: Path, tmp_path: Path) -> None:
    """A scan of the 申报承诺书 whose "年 月 日" was left blank: G-04 warns, on the scan's
    page; the printed date of the Word copy and of a second, dated scan pass."""
    folder = copy_packet(b_template, tmp_path / "p")
    pledge = _file(folder, "申报承诺书")
    blank = tmp_path / "blank.docx"
    d = docx.Document(str(pledge))
    for paragraph in d.paragraphs:
        if paragraph.text.startswith("2026年"):
            paragraph.text = "        年      月      日"
    d.save(str(blank))
    scan_of(blank, folder / "申报承诺书（盖章扫描件）.jpg", 4)
    scan_of(pledge, folder / "申报承诺书（签字扫描件）.jpg", 5)
    _, result = check_path(folder)
    found = [d for d in result.deficiencies if d.rule_id == "G-04"]
    assert [(d.severity, d.page) for d in found] == [("warning", 1)], found
    assert found[0].file.endswith("申报承诺书（盖章扫描件）.jpg") and found[0].box


def test_a_photographed_printed_name_is_not_a_signature() -> None:
    """A scan's place with ink only inside the printed line, read as the Word copy's typed
    name give or take a character, is that name in print; a scribble is not."""
    from checks.sealing import _printed_copy
    from pipeline.core.model import Location, SignatureMark

    loc = Location(file="s.jpg", page=1)
    photo = SignatureMark(location=loc, label="主要负责人签字：", kind="handwritten",
                          read="也力", within_line=True)
    assert _printed_copy(photo, ["孙力"]).kind == "typed"
    for other in (photo.model_copy(update={"read": "书尺"}),  # a signature read as garbage
                  photo.model_copy(update={"within_line": False}),  # ink beyond the line
                  photo.model_copy(update={"read": None})):
        assert _printed_copy(other, ["孙力"]).kind == "handwritten"
    assert _printed_copy(photo, []).kind == "handwritten"  # no typed copy to compare with


def test_seal_names_are_compared_without_generic_words() -> None:
    """Two companies share 有限公司, a third of a short name: that is no likeness. The
    applicant's own seal read with a slip in a generic word (有腿公司) or with its seal
    kind added (合同专用章) is still the applicant's."""
    from checks.g.G_03 import name_coverage

    assert name_coverage("华通交通运输集团有限公司", "远航港口物流股份有限公司") == 0
    assert name_coverage("华通交通运输集团有限公司", "华通交通运输集团有腿公司合同专用章") == 1.0
    assert name_coverage("华通交通运输集团有限公司", "") == 0


REAL_RINGS = {  # real-world pages (../shared/corpus/realworld): ring text read by looking
    "seal_004.png": "天津瑞佳讯贸易有限公司",
    "seal_017.png": "国家知识产权局",
    "seal_024.png": "中轻检验认证（晋江）有限公司",
    "seal_010.png": "深圳市白云航空旅游有限公司",
    "seal_014.png": "漯河市第二人民医院",  # stamped askew: its text runs past the bottom
}


def test_a_seal_stamped_askew_is_read_from_its_gap() -> None:
    """A seal turned so that its ring text runs past the bottom (where the unrolled line
    started): read from the ring's gap, the name comes whole and in order (from the
    bottom it came as "集团有限公司华通交通运输")."""
    from PIL import Image

    from extractors.seal_text import ring_text
    from samples.images import seal

    name = "华通交通运输集团有限公司"
    upright = Image.alpha_composite(Image.new("RGBA", (400, 400), "white"), seal(name))
    for angle in (0, 120, 180, 270):
        text, _ = ring_text(upright.rotate(angle, fillcolor="white"), (10, 10, 390, 390))
        assert text == name, (angle, text)


def test_ring_text_of_real_seals_names_their_organisation() -> None:
    """Issue 19, item 2: on seals that others made and photographed or scanned, the ring
    reading holds the organisation's name (tesseract read noise there: "yeTEESE全",
    "-居家知识产权局mm", "中瓜检验认证(时汇)有民众避za")."""
    from PIL import Image

    from checks.g.G_03 import name_coverage
    from extractors.seal_text import ring_text
    from extractors.seals import find_seals
    from tests.conftest import CORPUS

    folder = CORPUS / "realworld" / "images"
    for file, name in REAL_RINGS.items():
        image = Image.open(folder / file).convert("RGB")
        readings = [ring_text(image, s.box, s.colour) for s in find_seals(image)]
        best = max((name_coverage(name, text) for text, _ in readings), default=0.0)
        assert best >= 0.8, (file, readings)


def test_a_ring_reading_keeps_no_stray_marks_at_its_ends() -> None:
    """The seal's code digits, border and star read as Latin letters, digits and marks at
    the ends of a ring reading: they are no part of a name (seal_013's "0河乐…公司2。")."""
    from extractors.seal_text import clean_ring

    assert clean_ring("0河乐德任建筑工程有限公司2。") == "河乐德任建筑工程有限公司"
    assert clean_ring("10 中轻检验认证(晋江)有限公司 MO") == "中轻检验认证（晋江）有限公司"
    assert clean_ring("“国家知识产权局”…") == "国家知识产权局"
    assert clean_ring("1西速国北京市海流区地方税务局国") == "西速国北京市海流区地方税务局国"
    assert clean_ring("n2") == "" and clean_ring("") == ""
