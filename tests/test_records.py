"""The sample packets' form tables come back as records, field for field as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.records import read_forms
from pipeline.run import check_path
from tests.conftest import SAMPLES

EXPECTED = sorted((SAMPLES / "expected").glob("*.json"))


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_forms_read_back_field_for_field(expected_file: Path) -> None:
    spec = json.loads(expected_file.read_text(encoding="utf-8"))
    packet, _ = check_path(SAMPLES / "packets" / spec["packet"])
    assert read_forms(packet) == spec["forms"]


def test_all_three_b_categories_and_both_a_levels_are_covered() -> None:
    categories, levels = set(), set()
    for expected_file in EXPECTED:
        spec = json.loads(expected_file.read_text(encoding="utf-8"))
        packet, _ = check_path(SAMPLES / "packets" / spec["packet"])
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
