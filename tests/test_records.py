"""The sample packets' form tables come back as records, field for field as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.records import read_forms
from tests.conftest import SAMPLES, checked_sample

EXPECTED = sorted((SAMPLES / "expected").glob("*.json"))


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_forms_read_back_field_for_field(expected_file: Path) -> None:
    spec = json.loads(expected_file.read_text(encoding="utf-8"))
    packet, _ = checked_sample(SAMPLES / "packets" / spec["packet"])
    assert _meant(read_forms(packet)) == _meant(spec["forms"])


def _meant(value):
    """What the generator wrote, as the applicant means it: a value that is only the form's
    own instruction ("（企业类免填）" under 项目名称) is no value (pipeline.forms)."""
    from pipeline.forms import strip_instructions

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
    from pipeline.records import Organization

    source = next((SAMPLES / "packets").glob("A2_*")) / \
        "市场质量信用等级：远航港口物流股份有限公司-推荐材料.docx"
    d = docx.Document(str(source))
    table = next(t for t in d.tables if t.cell(0, 0).text == "组织信息")
    rows = table._tbl.tr_lst
    rows[1].addnext(rows[5])  # move 经营范围 up under 组织名称
    moved = tmp_path / "moved.docx"
    d.save(str(moved))
    before = Organization.from_tables(extract_docx(source, "a", "0").tables()).values()
    after = Organization.from_tables(extract_docx(moved, "b", "0").tables()).values()
    assert before == after and after["经营范围"].startswith("道路旅客运输")


FORMS_TEXT = Path(__file__).resolve().parents[2] / "shared" / "reference" / "forms-2026.txt"


@pytest.mark.skipif(not FORMS_TEXT.is_file(), reason="shared/reference not present")
def test_every_bracketed_instruction_of_the_forms_is_stripped_from_values() -> None:
    """pipeline.forms.INSTRUCTIONS is the forms' own list: each entry is printed on them,
    and each short bracketed instruction that ends a line or precedes a colon (the places
    an applicant writes beside) is in it."""
    import re

    from pipeline.forms import INSTRUCTIONS, strip_instructions
    from pipeline.textnorm import compact

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
