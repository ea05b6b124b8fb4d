"""The command-line contract used by outside evaluators (README, "命令行约定")."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLES

PACKET = SAMPLES / "packets" / "A2_质量信用_AAA_缺陷"


def _yushen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True,
                          text=True, timeout=300, check=False)


def test_check_json_prints_one_object_with_the_contract_fields() -> None:
    proc = _yushen("check", str(PACKET), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {"applicant", "scheme", "category", "level", "verdict", "deficiencies",
            "documents"} <= data.keys()
    assert data["scheme"] == "A" and data["level"] == "AAA"
    for d in data["deficiencies"]:
        assert {"rule_id", "severity", "file", "location", "message", "evidence",
                "confidence", "review"} <= d.keys()
        assert d["severity"] in {"error", "warning", "notice"} and 0 <= d["confidence"] <= 1
        assert not d["review"] or (d["severity"] == "notice" and "请人工核对" in d["message"])
    # A-RPT-03 infers from words: it says how sure it is
    assert {d["confidence"] for d in data["deficiencies"] if d["rule_id"] == "A-RPT-03"} == {0.7}
    for doc in data["documents"]:
        assert {"file", "sha256", "kind", "part"} <= doc.keys() and len(doc["sha256"]) == 64


def test_exit_code_is_zero_for_a_packet_that_is_not_a_packet(tmp_path: Path) -> None:
    junk = tmp_path / "随便.txt"
    junk.write_text("hello", encoding="utf-8")
    proc = _yushen("check", str(junk), "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["verdict"] == "需补正"


def test_missing_input_is_a_chinese_error_and_nonzero() -> None:
    proc = _yushen("check", "/nonexistent/packet")
    assert proc.returncode == 2 and "找不到输入" in proc.stderr


def test_batch_writes_one_folder_per_packet_and_a_summary(tmp_path: Path) -> None:
    batch = tmp_path / "inbox"
    batch.mkdir()
    for name in ("A2_质量信用_AAA_缺陷", "B2_产品类_四星_缺陷"):
        subprocess.run(["cp", "-r", str(SAMPLES / "packets" / name), str(batch / name)], check=True)
    out = tmp_path / "out"
    proc = _yushen("check", str(batch), "--batch", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [r["packet"] for r in summary] == sorted(p.name for p in batch.iterdir())
    for row in summary:
        report = json.loads((out / row["packet"] / "report.json").read_text(encoding="utf-8"))
        assert report["verdict"] == row["verdict"] == "需补正"
        html = (out / row["packet"] / "report.html").read_text(encoding="utf-8")
        assert "预审报告" in html and row["applicant"] in html
        _assert_notice(out / row["packet"] / "补正通知书.docx", report)
    assert (out / "summary.html").exists()
    _assert_summary_sheet(out / "summary.xlsx", summary)


def _assert_notice(path: Path, report: dict) -> None:
    """The notice lists every error and warning, numbered, and no notice-level item."""
    import docx

    text = [p.text for p in docx.Document(str(path)).paragraphs]
    assert text[0] == "补正通知书" and text[1] == f"{report['applicant']}："
    wanted = [d for d in report["deficiencies"] if d["severity"] in ("error", "warning")]
    numbered = [t for t in text if re.match(r"^\d+\. ", t)]
    assert len(numbered) == len(wanted) and numbered[0].startswith("1. ")
    for d in wanted:
        assert any(d["message"] in t and d["rule_id"] in t for t in numbered), d
    for d in report["deficiencies"]:
        if d["severity"] == "notice":
            assert not any(d["message"] in t for t in numbered)
    assert any("zjqxzl@163.com" in t for t in text) and "前补正后重新报送" in text[2]


def _assert_summary_sheet(path: Path, summary: list[dict]) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(str(path)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("材料包", "申请单位", "类型", "类别", "等级", "结论")
    assert [r[0] for r in rows[1:]] == [s["packet"] for s in summary]
    assert [(r[5], r[6], r[7]) for r in rows[1:]] == [(s["verdict"], s["error"], s["warning"])
                                                      for s in summary]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    # a column of Chinese names is wider than its four-character header
    assert sheet.column_dimensions["B"].width > 10


def test_published_schema_is_current_and_reports_follow_it(tmp_path: Path) -> None:
    import jsonschema

    from pipeline.core.result import result_schema
    from tests.conftest import ROOT

    published = (ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8")
    assert published == result_schema(), "run: yushen schema --write docs/report.schema.json"
    proc = _yushen("check", str(PACKET), "--json")
    jsonschema.validate(json.loads(proc.stdout), json.loads(published))


def test_barring_rule_makes_the_verdict_not_accepted() -> None:
    from pipeline.core.result import Deficiency
    from pipeline.engine.run import verdict

    found = [Deficiency(rule_id="A-ELG-01", severity="error", message="成立未满三个会计年度")]
    assert verdict(found, ["A-ELG-01"]) == "不予受理"
    assert verdict(found, []) == "需补正"
    assert verdict([Deficiency(rule_id="G-09", severity="notice", message="扩展名")], []) == "可受理"


def test_inspect_reports_parts_chapters_and_word_counts() -> None:
    report = PACKET / "工作报告.docx"
    proc = _yushen("inspect", str(report), "--json")
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    (file_info,) = info["files"]
    (part,) = file_info["parts"]
    assert part["part"] == "工作报告"
    chapters = {c["template"]: c["words"] for c in part["chapters"]}
    # the generator wrote 1000 / 3100 / 9800 characters, each one 字 (samples/text.py)
    assert chapters == {"情况概述": 1000, "企业在运营中的资源保障情况": 3100,
                        "顾客关系管理的主要目标、措施和经验": 9800}
    assert file_info["seals"] == [] and file_info["signatures"] == []  # a report has neither


def test_inspect_lists_seals_and_signatures() -> None:
    """A scan: the seal with its page, box in pixels, colour and confidence. The Word
    申报承诺书 of B2: its seal picture, and the typed name at 主要负责人签字."""
    scan = SAMPLES / "packets" / "B3_交通工程类_三星_扫描件" / "申报承诺书（签字盖章扫描件）.jpg"
    info = json.loads(_yushen("inspect", str(scan), "--json").stdout)
    (seal,) = info["files"][0]["seals"]
    assert seal["page"] == 1 and seal["unit"] == "px" and seal["colour"] == "red"
    x0, top, x1, bottom = seal["box"]
    assert 0 < x0 < x1 and 0 < top < bottom and 0.5 <= seal["confidence"] <= 1
    assert 0.8 < (x1 - x0) / (bottom - top) < 1.25  # the sample's seal is round
    word = SAMPLES / "packets" / "B2_产品类_四星_缺陷" / "申报承诺书.docx"
    info = json.loads(_yushen("inspect", str(word), "--json").stdout)
    (seal,) = info["files"][0]["seals"]
    assert seal["page"] is None and seal["picture"] and seal["colour"] == "red"
    (signature,) = info["files"][0]["signatures"]
    assert signature["kind"] == "typed" and signature["label"].startswith("主要负责人签字")
    assert signature["text"]


def test_inspect_reads_form_fields_and_tick_groups() -> None:
    form = SAMPLES / "packets" / "B2_产品类_四星_缺陷" / "申请表.docx"
    info = json.loads(_yushen("inspect", str(form), "--json").stdout)
    fields = {f["label"]: f["value"] for f in info["files"][0]["form_fields"]}
    assert fields["企业名称"] == "恒力交通装备制造有限公司"
    assert fields["申报项目名称"] == "HL3000型桥梁检测车"
    ticked = [o["label"] for g in info["files"][0]["tick_groups"] for o in g["options"]
              if o["ticked"]]
    assert "用户满意（四星）级" in ticked and "初评（首次申请）" in ticked


def test_report_folder_has_a_picture_of_each_place_on_a_page(tmp_path: Path) -> None:
    """A3: the bound PDF's page-number findings carry page and box; --out cuts the place
    from the page, outlined, and the HTML shows it."""
    from PIL import Image

    packet = next((SAMPLES / "packets").glob("A3_*"))
    out = tmp_path / "report"
    proc = _yushen("check", str(packet), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    placed = [d for d in report["deficiencies"] if d["page"] and d["box"]]
    assert placed and all(d["crop"] for d in placed)
    html = (out / "report.html").read_text(encoding="utf-8")
    for d in placed:
        with Image.open(out / d["crop"]) as crop:
            assert 50 <= crop.width <= 520 and crop.height >= 20
        assert "src='data:image/png;base64," in html  # the page carries its pictures


def test_word_findings_get_a_picture_from_the_laid_out_page(tmp_path: Path) -> None:
    """B2: the typed name at 主要负责人签字 (B-PLG-02) is a Word paragraph; the report shows it
    cut from the page as LibreOffice lays the file out."""
    from PIL import Image

    out = tmp_path / "report"
    assert _yushen("check", str(SAMPLES / "packets" / "B2_产品类_四星_缺陷"), "--out",
                   str(out)).returncode == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    typed = next(d for d in report["deficiencies"] if d["rule_id"] == "B-PLG-02")
    assert typed["file"].endswith(".docx") and typed["paragraph"] and typed["crop"]
    with Image.open(out / typed["crop"]) as crop:
        assert crop.width >= 100 and crop.height >= 30


def test_summary_xlsx_holds_hostile_names_as_text(tmp_path: Path) -> None:
    """Issue 20, item 7: a packet named "=HYPERLINK(…)" became a live formula in
    summary.xlsx, and one with U+0001 lost the whole summary (IllegalCharacterError)."""
    from openpyxl import load_workbook

    batch = tmp_path / "in"
    for name in ('=HYPERLINK("http://127.0.0.1/x","点此")', "申报\x01材料", "+1-2", "@SUM(A1)"):
        folder = batch / name
        folder.mkdir(parents=True)
        (folder / "说明.txt").write_text("申报材料", encoding="utf-8")
    proc = _yushen("check", str(batch), "--batch", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    sheet = load_workbook(tmp_path / "out" / "summary.xlsx").active
    packets = {c.value: c.data_type for c in sheet["A"][1:]}
    assert len(packets) == 4, packets
    assert all(t == "s" for t in packets.values()), packets
    assert any(p.startswith("=HYPERLINK(") for p in packets), packets
    assert not any("\x01" in p for p in packets), packets


def test_summary_xlsx_drops_control_characters_and_keeps_formula_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from pipeline.outputs.report import write_summary_xlsx

    rows = [{"packet": "=1+1", "applicant": "华通\x01交通", "verdict": "可受理",
             "top": ["G-04 “年\x0b月\x0c日”未填写"]}]
    sheet = load_workbook(write_summary_xlsx(rows, tmp_path / "s.xlsx")).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1+1", "s")
    assert sheet["B2"].value == "华通交通" and "\x0b" not in sheet["J2"].value


def test_html_report_groups_what_a_rule_was_unsure_of() -> None:
    """Issue 18: items a rule was unsure of (review) are a 需人工核对 group of their own,
    after the parts, not counted in the verdict; confidence below 1 is shown."""
    from pipeline.core.result import CheckResult, Deficiency
    from pipeline.engine.run import tally
    from pipeline.outputs.report import to_html

    items = [Deficiency(rule_id="G-03", severity="notice", review=True, confidence=0.3,
                        message="有 1 枚印章的文字未能可靠识别，请人工核对是否为“某公司”的印章。"),
             Deficiency(rule_id="A-RPT-03", severity="warning", confidence=0.7, part="工作报告",
                        message="“情况概述”一章未见以下内容：质量方针。")]
    counts, verdict = tally(items, [])
    html = to_html(CheckResult(packet="p", applicant="某公司", scheme="A", category=None,
                               level="AA", verdict=verdict, counts=counts, deficiencies=items,
                               documents=[]))
    assert html.index("<h3>工作报告</h3>") < html.index("<h3>需人工核对</h3>")
    assert "不计入预审结论" in html and "把握 70%" in html and "把握 30%" in html
    assert verdict == "需补正" and counts["notice"] == 1
