"""The sample packets' form tables come back as records, field for field as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.forms.records import read_forms
from tests.conftest import SAMPLES, checked_sample

EXPECTED = sorted((SAMPLES / "expected").glob("*.json"))


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_forms_read_back_field_for_field(expected_file: Path) -> None:
    spec = json.loads(expected_file.read_text(encoding="utf-8"))
    packet, _ = checked_sample(SAMPLES / "packets" / spec["packet"])
    assert _meant(read_forms(packet)) == _meant(spec["forms"])


def _meant(value):
    """What the generator wrote, as the applicant means it: a value that is only the form's
    own instruction ("（企业类免填）" under 项目名称) is no value (pipeline.forms.fields)."""
    from pipeline.forms.edition import load_edition

    strip_instructions = load_edition().strip_instructions
    if isinstance(value, dict):
        return {k: _meant(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_meant(v) for v in value]
    return strip_instructions(value) if isinstance(value, str) else value


def test_all_three_b_categories_and_both_a_levels_are_covered() -> None:
    categories, levels = set(), set()
    for expected_file in EXPECTED:
        spec = json.loads(expected_file.read_text(encoding="utf-8"))
        packet, _ = checked_sample(SAMPLES / "packets" / spec["packet"])
        if packet.scheme == "B":
            filled = [name for name, block in spec["forms"]["申请表类别"].items()
                      if any(block.values())]
            assert filled == [packet.category]
            categories.add(packet.category)
        else:
            levels.add(packet.level)
            assert len(spec["forms"]["主要财务数据"]) == 16
            assert spec["forms"]["被访者信息登记表"]
    assert categories == {"服务类", "产品类", "交通工程类"} and levels == {"AA", "AAA"}


def test_a_form_written_with_rows_moved_still_reads(tmp_path: Path) -> None:
    """Labels are found by text: a table whose rows are reordered reads the same."""
    import docx

    from extractors.docx import extract_docx
    from pipeline.forms.edition import load_edition
    from pipeline.forms.records import Record

    source = next((SAMPLES / "packets").glob("A2_*")) / \
        "市场质量信用等级：远航港口物流股份有限公司-推荐材料.docx"
    d = docx.Document(str(source))
    table = next(t for t in d.tables if t.cell(0, 0).text == "组织信息")
    rows = table._tbl.tr_lst
    rows[1].addnext(rows[5])  # move 经营范围 up under 组织名称
    moved = tmp_path / "moved.docx"
    d.save(str(moved))
    edition = load_edition()
    before = Record.read(extract_docx(source, "a", "0").tables(), "organization", edition).values()
    after = Record.read(extract_docx(moved, "b", "0").tables(), "organization", edition).values()
    assert before == after and after["经营范围"].startswith("道路旅客运输")


FORMS_TEXT = Path(__file__).resolve().parents[2] / "shared" / "reference" / "forms-2026.txt"


@pytest.mark.skipif(not FORMS_TEXT.is_file(), reason="shared/reference not present")
def test_every_bracketed_instruction_of_the_forms_is_stripped_from_values() -> None:
    """The edition's `instructions` are the forms' own list: each entry is printed on them,
    and each short bracketed instruction that ends a line or precedes a colon (the places
    an applicant writes beside) is in it."""
    import re

    from pipeline.core.textnorm import compact
    from pipeline.forms.edition import load_edition

    INSTRUCTIONS = load_edition().instructions  # noqa: N806
    strip_instructions = load_edition().strip_instructions

    text = FORMS_TEXT.read_text(encoding="utf-8")
    on_forms = {compact(m[1]) for m in re.finditer(
        r"[（(]([^（）()\n]{1,12})[)）](?=[ \t　]*(?:$|[：:\t]|\s{2}))", text, re.M)}
    instructions = {t for t in on_forms
                    if re.search(r"盖章|免填|含邮编|字左右|请列明|另附纸|提供|限\d项|各\d个|百分制", t)}
    assert len(instructions) >= 8 and instructions <= {compact(i) for i in INSTRUCTIONS}, instructions
    assert all(compact(i) in compact(text) for i in INSTRUCTIONS)
    assert strip_instructions("（加盖公章或财务章）华通有限公司") == "华通有限公司"
    assert strip_instructions("北京市（ 含邮编 ）100022") == "北京市100022"
    assert strip_instructions("（企业类免填）") == ""


def _finance_docx(path: Path, split_at: int | None, header_again: bool, note: bool) -> Path:
    """A 主要财务数据-like table of 4 rows, optionally split in two (an empty paragraph
    between, the header row copied or not) and with a note row merged across."""
    import docx

    d = docx.Document()
    rows = [["项目", "2023年", "2024年", "2025年"], ["资产总额（万元）", "1", "2", "3"],
            ["负债总额（万元）", "4", "5", "6"], ["营业收入（万元）", "7", "8", "9"]]
    parts = [rows] if split_at is None else [rows[:split_at],
                                             ([rows[0]] if header_again else []) + rows[split_at:]]
    for n, part in enumerate(parts):
        if n:
            d.add_paragraph("")
        table = d.add_table(rows=len(part), cols=4)
        for r, values in enumerate(part):
            for c, value in enumerate(values):
                table.cell(r, c).text = value
        if note and n == len(parts) - 1:
            cells = table.add_row().cells
            cells[0].merge(cells[-1]).text = "注：以上数据摘自审计报告。"
    d.save(str(path))
    return path


@pytest.mark.parametrize(("split_at", "header_again"), [(None, False), (2, False), (2, True),
                                                          (3, True)])
def test_a_table_split_in_two_reads_as_one(tmp_path: Path, split_at: int | None,
                                          header_again: bool) -> None:
    from extractors.docx import extract_docx
    from pipeline.forms.edition import load_edition
    from pipeline.forms.records import read_financials

    path = _finance_docx(tmp_path / "f.docx", split_at, header_again, note=True)
    tables = extract_docx(path, "f.docx", "0").tables()
    assert len(tables) == 1
    values = read_financials(tables, load_edition()).values
    assert values["营业收入（万元）"] == {"2023年": "7", "2024年": "8", "2025年": "9"}
    assert values["资产总额（万元）"]["2025年"] == "3"


def test_tables_apart_stay_apart(tmp_path: Path) -> None:
    """Text between two tables, or a different number of columns: two tables."""
    import docx

    from extractors.docx import extract_docx

    d = docx.Document()
    d.add_table(rows=2, cols=3).cell(0, 0).text = "一"
    d.add_paragraph("表二")
    d.add_table(rows=2, cols=3).cell(0, 0).text = "二"
    d.add_paragraph("")
    d.add_table(rows=2, cols=4).cell(0, 0).text = "三"
    d.save(str(tmp_path / "t.docx"))
    assert len(extract_docx(tmp_path / "t.docx", "t.docx", "0").tables()) == 3


def test_a_note_row_and_a_repeated_header_are_not_respondents() -> None:
    from pipeline.core.model import Cell, Location, Table
    from pipeline.forms.edition import load_edition
    from pipeline.forms.records import read_respondents

    loc = Location(file="x")
    header = ["序号", "姓名", "联系方式", "调查时间", "工作单位"]
    person = ["1", "王某", "13912345678", "2025年11月8日", "某公司"]
    cells = [Cell(text=t, row=r, col=c, location=loc)
             for r, row in enumerate([header, person, header]) for c, t in enumerate(row)]
    cells.append(Cell(text="注：以上人员均已同意。", row=3, col=0, col_span=5, location=loc))
    table = Table(index=1, n_rows=4, n_cols=5, cells=cells, location=loc)
    assert [r.name for r in read_respondents([table], load_edition())] == ["王某"]


def test_a_label_merged_to_the_rows_end_has_no_value() -> None:
    """The cell below belongs to the next row's label unless it is as wide as the label."""
    from pipeline.core.model import Cell, Location, Table
    from pipeline.forms.fields import label_value

    loc = Location(file="x")
    merged = [Cell(text="产品类", row=0, col=0, row_span=2, location=loc),
              Cell(text="我们的竞争优势（限3项）", row=0, col=1, col_span=3, location=loc),
              Cell(text="商标名称", row=1, col=1, location=loc),
              Cell(text="", row=1, col=2, col_span=2, location=loc)]
    assert label_value([Table(index=1, n_rows=2, n_cols=4, cells=merged, location=loc)],
                       "我们的竞争优势（限3项）").value == ""
    stacked = [Cell(text="企业简介", row=0, col=0, col_span=2, location=loc),
               Cell(text="成立于2008年", row=1, col=0, col_span=2, location=loc)]
    assert label_value([Table(index=1, n_rows=2, n_cols=2, cells=stacked, location=loc)],
                       "企业简介").value == "成立于2008年"
    # as wide, but the next block's label: not a value of this block
    next_block = [Cell(text="我们的竞争优势（限3项）", row=0, col=1, col_span=3, location=loc),
                  Cell(text="建设单位（用户）名称：", row=1, col=1, col_span=3, location=loc)]
    table = Table(index=1, n_rows=2, n_cols=4, cells=next_block, location=loc)
    assert label_value([table], "我们的竞争优势（限3项）", rows={0}).value == ""
    assert label_value([table], "我们的竞争优势（限3项）").value == ""  # a label, by its colon


def test_a_category_block_with_its_merge_undone_keeps_its_rows() -> None:
    from pipeline.core.model import Cell, Location, Table
    from pipeline.forms.records import _block_rows

    loc = Location(file="x")
    cells = [Cell(text="服务类填写", row=0, col=0, location=loc),
             Cell(text="", row=1, col=0, location=loc), Cell(text="", row=2, col=0, location=loc),
             Cell(text="产品类填写", row=3, col=0, location=loc)]
    table = Table(index=1, n_rows=4, n_cols=1, cells=cells, location=loc)
    assert _block_rows([table], "服务类填写")[1] == {0, 1, 2}
    assert _block_rows([table], "产品类填写")[1] == {3}


def test_a_value_given_a_row_per_item_reads_whole() -> None:
    """The label's cell merged down over two rows, the value written over both."""
    from pipeline.core.model import Cell, Location, Table
    from pipeline.forms.fields import label_value

    loc = Location(file="x")
    cells = [Cell(text="许可证名称及证书编号", row=0, col=0, row_span=2, location=loc),
             Cell(text="1.道路运输经营许可证", row=0, col=1, location=loc),
             Cell(text="苏交运管许可宁字320100001号", row=1, col=1, location=loc),
             Cell(text="纳税人等级", row=2, col=0, location=loc),
             Cell(text="A级", row=2, col=1, location=loc)]
    table = Table(index=1, n_rows=3, n_cols=2, cells=cells, location=loc)
    assert label_value([table], "许可证名称及证书编号").value == \
        "1.道路运输经营许可证\n苏交运管许可宁字320100001号"
    assert label_value([table], "纳税人等级").value == "A级"


def test_a_scanned_label_with_specks_read_as_quotes_still_matches() -> None:
    """OCR reads specks as quotes and （ as 〈 ("我们的竞争优 “”势〈限3项 )")."""
    from pipeline.forms.fields import _label_matches

    assert _label_matches("我们的竞争优 “”势〈限3项 )", "我们的竞争优势（限3项）", fuzzy=True)
    assert not _label_matches("我们的竞争优 “”势〈限3项 )", "我们的竞争优势（限3项）")
    assert not _label_matches("“”商标名称", "产品型号及规格", fuzzy=True)
