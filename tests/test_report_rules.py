"""A-RPT-01/02 and B-RPT-01/02 on reports written by the sample generator, one defect each."""

from __future__ import annotations

from pathlib import Path

from pipeline.engine.run import check_path
from samples.generate import A_TITLES, HENGLI, HUATONG, Sample, a_report, b_application, b_report


def _rpt(result, rule_id: str) -> list:
    return [d for d in result.deficiencies if d.rule_id == rule_id]


def test_swapped_chapters_are_out_of_order_not_missing(tmp_path: Path) -> None:
    order = [A_TITLES[0], A_TITLES[2], A_TITLES[1], A_TITLES[3]]
    a_report(HUATONG, dict.fromkeys(order, 300), tmp_path / "工作报告.docx")
    _, result = check_path(tmp_path)
    findings = _rpt(result, "A-RPT-01")
    assert len(findings) == 1
    assert "位置不对" in findings[0].message and findings[0].location


def test_chapter_lengths_within_tolerance_pass_and_outside_warn(tmp_path: Path) -> None:
    # below AAA (level unknown → below-AAA targets 2000/1500/1500/5000, ±20 %)
    chars = {A_TITLES[0]: 1601, A_TITLES[1]: 1799, A_TITLES[2]: 1199, A_TITLES[3]: 6001}
    a_report(HUATONG, chars, tmp_path / "工作报告.docx")
    _, result = check_path(tmp_path)
    flagged = sorted(d.message.split("”")[0].lstrip("“") for d in _rpt(result, "A-RPT-02")
                     if d.location)
    # 1601 ≥ 1600 and 1799 ≤ 1800 pass; 1199 < 1200 and 6001 > 6000 do not
    assert flagged == ["企业在生产、服务过程中的质量保障情况", "顾客关系管理的主要目标、措施和经验"]


def test_missing_b_sub_headings_are_grouped_under_their_section(tmp_path: Path) -> None:
    b_application(HENGLI, "产品类", "四星", "HL3000型桥梁检测车", Sample("t", "", []),
                  tmp_path / "申请表.docx")
    b_report(HENGLI, "产品类", "HL3000型桥梁检测车", (1000, 8000, 1000), tmp_path / "实践报告.docx",
             drop=("目标计划", "资源支持"))
    _, result = check_path(tmp_path)
    findings = _rpt(result, "B-RPT-01")
    assert sorted(d.message for d in findings) == [
        "实践报告“实施”部分缺少小标题：资源支持（或未按模板顺序出现）。",
        "实践报告“策划”部分缺少小标题：目标计划（或未按模板顺序出现）。",
    ]
    assert all(d.severity == "warning" for d in findings)


def test_b_report_ceiling_is_an_error(tmp_path: Path) -> None:
    b_report(HENGLI, "产品类", "HL3000型桥梁检测车", (1100, 9300, 1100), tmp_path / "实践报告.docx")
    _, result = check_path(tmp_path)
    over = [d for d in _rpt(result, "B-RPT-02") if d.severity == "error"]
    assert len(over) == 1 and "1万字以内" in over[0].message
    assert not [d for d in _rpt(result, "B-RPT-02") if d.severity == "warning"]
