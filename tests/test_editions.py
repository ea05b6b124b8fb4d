"""Issue 22, item 3: the edition of the forms is data in one folder, chosen by a setting.

A dry-run "2027 edition" (the 2026 folder copied, its years moved on by one) switches the
check with no code change outside that folder: the 2026 sample packet, valid under 2026,
then has a survey dated before the new survey start, and its financial table is no longer
headed by the edition's fiscal years."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.forms.edition import EDITIONS_DIR, EditionError, load_edition

ROOT = Path(__file__).resolve().parent.parent


def test_the_2026_edition_reads_as_the_forms_give_it() -> None:
    edition = load_edition("2026")
    # one folder is read once, however it is named
    assert edition is load_edition() is load_edition(str(EDITIONS_DIR / "2026"))
    assert edition.year_labels == ["2023年", "2024年", "2025年"]
    assert edition.survey_start == dt.date(2025, 10, 1)
    assert (len(edition.pledges.a), len(edition.pledges.b_business),
            len(edition.pledges.b_apply)) == (7, 9, 6)
    forms = (ROOT.parent / "shared" / "reference" / "forms-2026.txt").read_text(encoding="utf-8")
    flat = re.sub(r"\s", "", forms)
    for commitment in edition.pledges.a + edition.pledges.b_business + edition.pledges.b_apply:
        assert re.sub(r"\s", "", commitment) in flat, commitment  # the official wording
    for scheme, entries in edition.required_parts.items():
        for part, *_ in entries:
            assert part in edition.parts[scheme] and part in edition.part_full_names
    assert all(rule.regex.search("用户满意等级评价申请表") is None or rule.part == "申请表"
               for rule in edition.title_rules)
    # A-RPT-03's topics: one list per 工作报告 chapter, each topic named on the forms
    assert len(edition.a_topics) == 4
    for chapter in edition.a_topics:
        for topic in chapter:
            words = re.findall(r"[\u4e00-\u9fff]{2,}", topic.name)
            assert any(w[:2] in flat for w in words), topic.name
    assert edition.a_file_name.match("市场质量信用等级：华通交通运输集团有限公司-承诺书")["name"] \
        == "华通交通运输集团有限公司"


def test_an_edition_that_cannot_be_read_is_a_chinese_error(tmp_path: Path) -> None:
    with pytest.raises(EditionError, match="无法读取表格版本"):
        load_edition(str(tmp_path / "missing"))
    packet = next((ROOT / "samples" / "packets").glob("A1_*"))
    env = {**os.environ, "YUSHEN_FORMS_EDITION": str(tmp_path / "missing")}
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "check", str(packet), "--json"],
                          capture_output=True, text=True, env=env, timeout=300)
    # stopped before any file is read: one message, no reading process started
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().startswith("错误：无法读取表格版本") and "Traceback" not in done.stderr


def _edition_2027(tmp_path: Path) -> Path:
    folder = tmp_path / "2027"
    shutil.copytree(EDITIONS_DIR / "2026", folder)
    toml = folder / "edition.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('name = "2026"', 'name = "2027"')
    text = text.replace("fiscal_years = [2023, 2024, 2025]", "fiscal_years = [2024, 2025, 2026]")
    text = text.replace("latest_founding = 2023-01-01", "latest_founding = 2024-01-01")
    text = text.replace("survey_start = 2025-10-01", "survey_start = 2026-10-01")
    toml.write_text(text, encoding="utf-8")
    # a label and a chapter renamed on the new forms: read from the folder, not the code
    records = folder / "records.toml"
    records.write_text(records.read_text(encoding="utf-8").replace(
        'handler = "经办人"', 'handler = "申报经办人"'), encoding="utf-8")
    outlines = folder / "outlines.toml"
    outlines.write_text(outlines.read_text(encoding="utf-8").replace(
        "\n情况概述\n", "\n企业情况概述\n"), encoding="utf-8")
    return folder


def test_a_new_edition_is_a_folder_and_a_setting(tmp_path: Path) -> None:
    packet = next((ROOT / "samples" / "packets").glob("A1_*"))
    env = {**os.environ, "YUSHEN_FORMS_EDITION": str(_edition_2027(tmp_path))}
    before = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                            text=True).stdout
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "check", str(packet), "--json"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    messages = [d["message"] for d in result["deficiencies"]]
    # the survey of November 2025 is before the 2027 edition's survey start
    assert any("早于2026年10月1日" in m for m in messages), messages
    # the A1 packet is valid under its own edition (samples/expected): only the years moved
    expected = json.loads((ROOT / "samples" / "expected" / "A1_质量信用_AA_完整.json")
                          .read_text(encoding="utf-8"))
    assert expected["expected_rule_ids"] == [] and result["verdict"] == "需补正"
    # the financial table is headed 2023–2025, not by the 2027 edition's years: not read
    assert not any("营业收入" in m for m in messages)
    assert not any("2025年10月1日" in m for m in messages)
    # the renamed label and chapter are looked for as the 2027 folder names them
    assert any("“申报经办人”栏目缺失" in m for m in messages), messages
    assert not any("“经办人”" in m for m in messages)
    assert any("企业情况概述" in m for m in messages), messages
    # nothing outside the edition's folder changed
    after = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                           text=True).stdout
    assert after == before


def test_outlines_are_read_from_indented_text() -> None:
    from pipeline.forms.outlines import b_report_outline, parse_outline

    tree = parse_outline("一级\n  二级甲 | 二级乙\n    三级\n  二级丙\n另一章\n")
    assert [(s.title, s.level) for s in tree] == [("一级", 1), ("另一章", 1)]
    assert [(c.title, c.aliases) for c in tree[0].children] == [("二级甲", ("二级乙",)),
                                                               ("二级丙", ())]
    assert tree[0].children[0].children[0].level == 3
    for bad in ("一级\n   三个空格\n", "一级\n    跳过一级\n"):
        with pytest.raises(ValueError, match="大纲"):
            parse_outline(bad)
    edition = load_edition()
    # category unknown: the first template, each heading also known by the others' names
    unknown = {s.title: s for s in b_report_outline(edition, None)[1].flatten()}
    assert "识别用户要求" in unknown["开展调研分析"].aliases
    assert "工程社会影响" in unknown["实现社会效益"].aliases
    engineering = {s.title for s in b_report_outline(edition, "交通工程类")[1].flatten()}
    assert {"识别用户要求", "工程社会影响"} <= engineering and "开展调研分析" not in engineering


def test_an_edition_with_an_unknown_key_is_refused(tmp_path: Path) -> None:
    """A misspelt key in a new edition's folder is an error, not a silently ignored line."""
    folder = _edition_2027(tmp_path)
    records = folder / "records.toml"
    records.write_text(records.read_text(encoding="utf-8").replace(
        "[forms.application_a.ticks]", "[forms.application_a.tick]"), encoding="utf-8")
    with pytest.raises(EditionError, match="无法读取表格版本"):
        load_edition(str(folder))
