"""End to end on every sample packet: exactly the expected deficiency IDs, no more, no fewer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, checked_sample

EXPECTED = sorted((SAMPLES / "expected").glob("*.json"))


def _expectation(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_sample_packet_yields_exactly_its_expected_ids(expected_file: Path) -> None:
    spec = _expectation(expected_file)
    packet, result = checked_sample(SAMPLES / "packets" / spec["packet"])
    assert sorted(d.rule_id for d in result.deficiencies) == spec["expected_rule_ids"], \
        [(d.rule_id, d.message) for d in result.deficiencies]
    # every deficiency is located and explained in Chinese
    for d in result.deficiencies:
        assert d.message and any("\u4e00" <= ch <= "\u9fff" for ch in d.message)
    written_name = (spec["forms"].get("申请书") or spec["forms"].get("申请表"))
    company = written_name.get("单位名称") or written_name.get("企业名称")
    assert result.applicant == company


def test_samples_cover_both_schemes_and_all_b_categories() -> None:
    seen = set()
    for expected_file in EXPECTED:
        spec = _expectation(expected_file)
        _, result = checked_sample(SAMPLES / "packets" / spec["packet"])
        seen.add((result.scheme, result.category, result.level))
    assert {("A", None, "AA"), ("A", None, "AAA"), ("B", "服务类", "五星"), ("B", "产品类", "四星"),
            ("B", "交通工程类", "三星")} <= seen


def test_defect_locations_point_at_the_chapter() -> None:
    _, result = checked_sample(SAMPLES / "packets" / "A2_质量信用_AAA_缺陷")
    short = next(d for d in result.deficiencies
                 if d.rule_id == "A-RPT-02" and d.severity == "warning")
    assert short.file == "工作报告.docx"
    assert short.location and short.location.startswith("第") and "段" in short.location
    assert "情况概述" in short.message and "3000" in short.message
