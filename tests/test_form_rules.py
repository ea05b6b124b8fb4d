"""Form content rules, each on a complete generated packet (passing) and on the same packet
with one value changed (failing)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from pipeline.core.textnorm import compact
from pipeline.engine.run import check_path
from tests.conftest import copy_packet

A_RULES = ["A-APP-01", "A-APP-02", "A-APP-05", "A-REC-01", "A-REC-04", "A-REC-05", "A-REC-06",
           "A-REC-07", "A-REC-08",
           "A-REC-09", "A-ELG-01", "A-ELG-02", "A-ELG-03", "A-PLG-01", "G-03", "G-04", "G-05"]
B_RULES = ["B-APP-01", "B-APP-02", "B-APP-03", "B-EVD-01", "B-PKT-02", "B-PLG-01", "B-PLG-02", "G-03", "G-04",
           "G-05"]


def _file(folder: Path, part: str) -> Path:
    return next(p for p in folder.iterdir() if part in p.name)


def set_value(path: Path, label: str, value: str, occurrence: int = 0) -> None:
    """Write `value` into the cell right of the cell labelled `label`."""
    d = docx.Document(str(path))
    seen = 0
    for table in d.tables:
        for row in table.rows:
            cells = row.cells
            for i, cell in enumerate(cells):
                if compact(cell.text).startswith(compact(label)):
                    target = next((c for c in cells[i + 1 :] if c._tc is not cell._tc), None)
                    if target is None:
                        continue
                    if seen == occurrence:
                        target.text = value
                        d.save(str(path))
                        return
                    seen += 1
    raise AssertionError(f"label {label} not found")


def _ids(folder: Path, rules: list[str]) -> list[tuple[str, str]]:
    _, result = check_path(folder)
    return sorted((d.rule_id, d.message) for d in result.deficiencies if d.rule_id in rules)


def test_complete_a_packet_passes_every_form_rule(a_template: Path) -> None:
    assert _ids(a_template, A_RULES) == []


def test_complete_b_packet_passes_every_form_rule(b_template: Path) -> None:
    assert _ids(b_template, B_RULES) == []


A_CASES = [
    # (part file, label, new value, rule, words expected in the message)
    ("信息采集表", "传真", "", "A-APP-01", "传真"),
    ("信息采集表", "企业简介", "本公司成立于二〇〇八年。", "A-APP-02", "过短"),
    ("信息采集表", "手机", "1391234567", "A-APP-05", "手机"),
    ("信息采集表", "座机", "84561234", "A-APP-05", "座机"),
    ("推荐材料", "年接待人次", "", "A-REC-04", "未填写完整"),
    ("推荐材料", "国内市场占有率（%）", "120", "A-REC-04", "行业栏目"),  # second block filled
    ("推荐材料", "统一社会信用代码", "91350200776049653B", "A-REC-05", "校验码应为 A"),
    ("推荐材料", "成立日期", "2023年5月1日", "A-ELG-01", "三个会计年度"),
    ("推荐材料", "较大及以上安全事故", "☑有（请列明）较大安全事故一起  □无", "A-ELG-03", "可能影响参与资格"),
    ("推荐材料", "用户需求的收集方式", "□用户回访\n□投诉分析", "A-REC-08", "未勾选"),
    ("推荐材料", "质量管理相关制度", "☑有（请列明）  □无", "A-REC-06", "未列明具体内容"),
    ("推荐材料", "许可证名称", "1.\n2.\n3.\n…", "A-REC-06", "许可证名称及证书编号"),
    ("推荐材料", "人数", "600", "A-REC-06", "超过员工总数 600 人"),  # 本科及以上 680
    ("推荐材料", "人数", "约一千人", "A-REC-06", "应为人数"),
]


@pytest.mark.parametrize(("part", "label", "value", "rule_id", "words"), A_CASES,
                         ids=[f"{c[3]}-{c[1]}" for c in A_CASES])
def test_a_rule_fails_on_one_changed_value(a_template: Path, tmp_path: Path, part: str,
                                          label: str, value: str, rule_id: str, words: str) -> None:
    folder = copy_packet(a_template, tmp_path / "p")
    set_value(_file(folder, part), label, value)
    found = [m for r, m in _ids(folder, A_RULES) if r == rule_id]
    assert any(words in m for m in found), found


def _set_finance(path: Path, row_label: str, year: int, value: str) -> None:
    d = docx.Document(str(path))
    for table in d.tables:
        for row in table.rows:
            if compact(row.cells[0].text) == compact(row_label):
                row.cells[year].text = value
                d.save(str(path))
                return
    raise AssertionError(row_label)


def test_financial_identity_beyond_rounding_is_reported(a_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(a_template, tmp_path / "p")
    rec = _file(folder, "推荐材料")
    _set_finance(rec, "资产负债率（%）", 3, "45.00")  # 63000 / 132000 = 47.73
    _set_finance(rec, "资产负债率（%）", 2, "49.2")  # 62000 / 126000 = 49.206: within rounding
    _set_finance(rec, "营业收入（万元）", 1, "0")
    found = _ids(folder, A_RULES)
    messages = [m for r, m in found if r == "A-REC-07"]
    assert any("2025年“资产负债率（%）”" in m and "47.73" in m and "45.00" in m for m in messages)
    assert not any("2024年“资产负债率" in m for m in messages)
    # the 2024 revenue growth is now computed from 0: no finite value, so not reported
    assert [m for r, m in found if r == "A-ELG-02"] == [
        "2023年营业收入不是正数：近三年均须有主营业务收入。"]


def test_respondent_problems(a_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(a_template, tmp_path / "p")
    rec = _file(folder, "推荐材料")
    d = docx.Document(str(rec))
    table = next(t for t in d.tables if compact(t.cell(0, 0).text) == "序号")
    table.cell(2, 2).text = table.cell(1, 2).text  # duplicate contact
    table.cell(3, 3).text = "2025年9月20日"  # before the survey window
    d.save(str(rec))
    messages = [m for r, m in _ids(folder, A_RULES) if r == "A-REC-09"]
    assert sum("重复" in m for m in messages) == 2
    assert any("早于2025年10月1日" in m for m in messages)


def test_b_application_fields(b_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(b_template, tmp_path / "p")
    app = _file(folder, "申请表")
    set_value(app, "满意度（百分制得分）", "良好")
    set_value(app, "统一社会信用代码", "913502000728319548")
    messages = [m for r, m in _ids(folder, B_RULES) if r == "B-APP-01"]
    assert any("满意度" in m for m in messages) and any("校验码应为 9" in m for m in messages)


def _replace_paragraph(path: Path, startswith: str, new_text: str | None) -> None:
    d = docx.Document(str(path))
    for p in d.paragraphs:
        if p.text.startswith(startswith):
            if new_text is None:
                p._p.getparent().remove(p._p)
            else:
                for run in p.runs[1:]:
                    run._r.getparent().remove(run._r)
                p.runs[0].text = new_text
            d.save(str(path))
            return
    raise AssertionError(startswith)


def test_pledges_missing_and_altered(a_template: Path, b_template: Path, tmp_path: Path) -> None:
    a = copy_packet(a_template, tmp_path / "a")
    pledge = _file(a, "承诺书")
    _replace_paragraph(pledge, "三、", None)
    _replace_paragraph(pledge, "六、", "六、持续推进用户满意工作，以打造一流企业为目标，不断提升企业品牌竞争力。")
    messages = [m for r, m in _ids(a, ["A-PLG-01"])]
    assert any("缺少第三条" in m for m in messages)
    assert any("第六条承诺与规定文本不一致" in m for m in messages) and len(messages) == 2
    b = copy_packet(b_template, tmp_path / "b")
    _replace_paragraph(_file(b, "申报承诺书"), "五、", None)
    assert [m for _, m in _ids(b, ["B-PLG-01", "B-PLG-02"])] == [
        "交通运输企业用户满意等级评价申报承诺书缺少第五条承诺。"]


def test_company_name_variants_and_empty_dates(a_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(a_template, tmp_path / "a")
    pledge = _file(folder, "承诺书")
    _replace_paragraph(pledge, "承诺组织名称", "承诺组织名称（加盖公章）：华通交通运输集团有限责任公司")
    _replace_paragraph(pledge, "2026年3月10日", "年   月   日")
    found = _ids(folder, ["G-03", "G-04"])
    assert [r for r, _ in found] == ["G-03", "G-04"]
    _, result = check_path(folder)
    g03 = next(d for d in result.deficiencies if d.rule_id == "G-03")
    assert "2 种写法" in g03.message
    assert "“华通交通运输集团有限责任公司”：" in g03.evidence and "承诺书.docx" in g03.evidence
    g04 = next(d for d in result.deficiencies if d.rule_id == "G-04")
    assert g04.location and g04.evidence == "年   月   日"


def test_brackets_and_width_do_not_make_a_variant(a_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(a_template, tmp_path / "a")
    _replace_paragraph(_file(folder, "承诺书"), "承诺组织名称",
                       "承诺组织名称(加盖公章):华通交通运输集团有限公司")
    assert _ids(folder, ["G-03"]) == []


def test_market_figures_out_of_range(a_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(a_template, tmp_path / "a")
    rec = _file(folder, "推荐材料")
    d = docx.Document(str(rec))
    table = next(t for t in d.tables if any(compact(c.text) == "市场评价指标" for c in t.rows[3].cells))
    table.cell(4, 2).text = "105"  # 用户满意度 前二年 本品
    table.cell(12, 4).text = ""  # 用户抱怨率 本年 标杆
    d.save(str(rec))
    messages = [m for r, m in _ids(folder, ["A-REC-08"])]
    assert messages == sorted([
        "主要用户与市场指标“用户满意度（百分制） 前二年 本品”应为0–100之间的数。",
        "主要用户与市场指标“用户抱怨率（%） 本年 标杆”未填写。"])


def test_b_category_block_rules(b_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(b_template, tmp_path / "b")
    app = _file(folder, "申请表")
    set_value(app, "主要业务职能", "")
    set_value(app, "商标名称", "顺达")
    set_value(app, "我们的竞争优势（限3项）", "线网覆盖、智能调度、服务规范、票价低廉")
    messages = [m for r, m in _ids(folder, ["B-APP-02"])]
    assert any("未填写完整：主要业务职能" in m for m in messages)
    assert any("却填写了“产品类”栏目" in m for m in messages)
    assert any("最多填写3项，实际 4 项" in m for m in messages)


def test_b_evidence_awards_missing(b_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(b_template, tmp_path / "b")
    _file(folder, "荣誉证书").unlink()
    _, result = check_path(folder)
    found = [(d.severity, d.message) for d in result.deficiencies if d.rule_id == "B-EVD-01"]
    assert found == [("warning", "材料中未找到近三年与用户有关的奖项、荣誉的复印件。")]


def test_recommendation_cover_lines(a_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(a_template, tmp_path / "a")
    rec = _file(folder, "推荐材料")
    _replace_paragraph(rec, "所在地区", "所在地区：")
    _replace_paragraph(rec, "填表日期", "填表日期    年   月   日")
    messages = [m for r, m in _ids(folder, ["A-REC-01"])]
    assert messages == ["推荐材料封面“填表日期”未填写实际日期。",
                        "推荐材料封面“所在地区”未填写。"]


def test_service_project_named_after_an_institution(b_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(b_template, tmp_path / "b")
    set_value(_file(folder, "申请表"), "申报项目名称", "顺达城市公交有限公司客运服务中心")
    assert [m for _, m in _ids(folder, ["B-APP-03"])] == [
        "服务类申报项目名称应为具体的专项服务，填写的像是服务机构名称。"]


def test_survey_material_items_and_respondent_list(b_template: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    folder = copy_packet(b_template, tmp_path / "b")
    _file(folder, "调查问卷").unlink()
    listing = _file(folder, "被访者名单")
    book = load_workbook(listing)
    sheet = book.active
    for i in range(61, 121):  # 120 respondents: over the ceiling of 100
        sheet.append([i, f"被访者{i:03d}", f"1370000{i:04d}", "2025年11月3日", ""])
    sheet.append([121, "重复者", sheet.cell(2, 3).value, "2025年11月3日", ""])
    book.save(listing)
    messages = [m for r, m in _ids(folder, ["B-SUR-01"])]
    assert "第三方测量材料缺少“调查问卷”。" in messages
    assert any("121 人，超过 100 人" in m for m in messages)
    assert any("2 人的联系方式重复" in m for m in messages)


def test_template_guidance_left_in_a_report(b_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(b_template, tmp_path / "b")
    report = _file(folder, "实践报告")
    d = docx.Document(str(report))
    heading = next(i for i, p in enumerate(d.paragraphs) if p.text == "1.满意理念")
    body = d.paragraphs[heading + 1]
    for run in body.runs[1:]:
        run._r.getparent().remove(run._r)
    # the template's guidance, with the applicant's one-word change
    body.runs[0].text = ("介绍建立的服务用户满意理念，与企业文化体系保持衔接，支持其使命、愿景的达成；"
                         "开展多样性宣贯活动，将用户满意的服务理念融于制度和行为规范中，促进员工认同和落实，"
                         "形成良好的氛围。")
    d.save(str(report))
    _, result = check_path(folder)
    g04 = [d for d in result.deficiencies if d.rule_id == "G-04"]
    assert len(g04) == 1 and "说明文字未删除" in g04[0].message and g04[0].location
    assert g04[0].part == "实践报告"


def test_report_title_left_as_template(a_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(a_template, tmp_path / "a")
    report = _file(folder, "工作报告")
    _replace_paragraph(report, "华通交通运输集团有限公司（服务）", "***企业（产品、工程、服务）市场质量信用工作报告")
    assert [m for _, m in _ids(folder, ["G-04"])] == ["报告标题仍是模板中的“***企业”，未填写企业名称。"]


def _valid_uscc(first17: str) -> str:
    from pipeline.core.parse import uscc_check_digit

    return first17 + uscc_check_digit(first17)


IDENTITY_CASES = [
    # (part file, label, new value, severity, words): each written differently in one place
    # the only other place is the scanned licence: a warning, OCR might have misread it
    ("推荐材料", "统一社会信用代码", _valid_uscc("91320100MA1XYW123"), "warning",
     "统一社会信用代码前后不一致"),
    ("信息采集表", "法定代表人", "王建华", "error", "法定代表人前后不一致"),
    ("信息采集表", "手机", "13900001111", "warning", "联系人手机前后不一致"),
]


@pytest.mark.parametrize(("part", "label", "value", "severity", "words"), IDENTITY_CASES,
                         ids=[c[1] for c in IDENTITY_CASES])
def test_g_03_compares_code_legal_rep_and_contact(a_template: Path, tmp_path: Path, part: str,
                                                  label: str, value: str, severity: str,
                                                  words: str) -> None:
    folder = copy_packet(a_template, tmp_path / "p")
    set_value(_file(folder, part), label, value)
    _, result = check_path(folder)
    found = [d for d in result.deficiencies if d.rule_id == "G-03"]
    assert [(d.severity, words in d.message) for d in found] == [(severity, True)], found
    assert value in (found[0].evidence or "")  # every variant is listed with its place


@pytest.mark.parametrize("line", [
    "企业名称：华通交通运输集团有限公司（加盖公章或财务章）",  # the value before the instruction
    "企业名称:（加盖公章或财务章）华通交通运输集团有限公司",  # after it, as the form prints it
    "企业名称：华通交通运输集团有限公司",  # the instruction deleted
    "企业名称（加盖公章或财务章）：华通交通运输集团有限公司",  # inside the label
    "企业名称: ( 加盖公章或财务章 ) 华通交通运输集团有限公司",  # half-width, spaced
])
def test_class1_instruction_text_kept_beside_a_value_is_not_part_of_it(
        a_template: Path, tmp_path: Path, line: str) -> None:
    """Issue 18, class 1: the form's own instruction kept in a filled line of 主要财务数据
    made G-03 see a second spelling of the company name."""
    folder = copy_packet(a_template, tmp_path / "a")
    _replace_paragraph(_file(folder, "推荐材料"), "企业名称:（加盖公章或财务章）", line)
    assert _ids(folder, ["G-03", "G-04"]) == []


def test_class1_a_value_that_is_only_the_instruction_is_unfilled(a_template: Path,
                                                                 tmp_path: Path) -> None:
    folder = copy_packet(a_template, tmp_path / "a")
    set_value(_file(folder, "推荐材料"), "通信地址", "（含邮编）")
    assert [m for _, m in _ids(folder, ["A-REC-04"])] == [
        "企业信息表“通信地址”未填写。"]
    set_value(_file(folder, "推荐材料"), "通信地址", "（含邮编）北京市朝阳区建国路88号 100022")
    assert _ids(folder, ["A-REC-04"]) == []


def _survey_into_folder(folder: Path, sub: str) -> list[Path]:
    """B1's measurement files moved into `sub`, named 01测量方案.docx … as a third party
    delivers them."""
    target = folder / sub
    target.mkdir(parents=True)
    moved = []
    for n, path in enumerate(sorted(folder.glob("顺达城市公交有限公司城市公交一站式出行服务-*")), 1):
        new = target / f"{n:02d}{path.name.split('-', 1)[1]}"
        path.rename(new)
        moved.append(new)
    return moved


def test_class4_measurement_folder_carries_the_prescribed_name(b_template: Path,
                                                               tmp_path: Path) -> None:
    """Issue 18, class 4: a folder named 企业全称+项目名称 holding 01测量方案.docx … meets
    the naming clause; G-02 warned on each of its files."""
    folder = copy_packet(b_template, tmp_path / "b")
    moved = _survey_into_folder(folder, "顺达城市公交有限公司+城市公交一站式出行服务")
    assert len(moved) == 7
    assert _ids(folder, ["G-02"]) == []


def test_class4_a_measurement_folder_without_the_name_is_one_warning(b_template: Path,
                                                                     tmp_path: Path) -> None:
    folder = copy_packet(b_template, tmp_path / "b")
    _survey_into_folder(folder, "第三方测量材料")
    found = _ids(folder, ["G-02"])
    assert [m for _, m in found] == [
        "第三方测量材料的文件名（或所在文件夹名）未包含申报企业全称和申报项目名称"
        "（应以“申报企业全称+申报项目名称”命名）。"], found


def _state_sample_and_list(folder: Path, stated: str, listed: int) -> None:
    from openpyxl import load_workbook

    report = next(folder.glob("*第三方测量报告.docx"))
    d = docx.Document(str(report))
    d.add_paragraph(stated)
    d.save(str(report))
    names = next(folder.glob("*被访者名单.xlsx"))
    book = load_workbook(names)
    sheet = book.active
    sheet.delete_rows(listed + 2, sheet.max_row)
    book.save(names)


@pytest.mark.parametrize("stated, listed, found", [
    ("本次测量共发放问卷150份，回收有效样本120份。", 40, True),  # issue 18, class 7
    ("本次测量回收有效样本120份。", 60, False),
    ("本次测量共调查了45名乘客。", 45, False),
    ("本次测量共调查了45名乘客。", 30, True),
    ("本次测量的样本量由抽样方案确定。", 40, False),  # no size stated: nothing to compare
])
def test_class7_respondent_list_against_the_reported_sample(
        b_template: Path, tmp_path: Path, stated: str, listed: int, found: bool) -> None:
    folder = copy_packet(b_template, tmp_path / "b")
    _state_sample_and_list(folder, stated, listed)
    messages = [m for _, m in _ids(folder, ["B-SUR-01"])]
    assert bool([m for m in messages if "样本量" in m]) == found, messages
    assert len(messages) == int(found), messages


def _embed_licence(folder: Path, caption: str, before: bool) -> None:
    """The licence scan moved into 推荐材料 under a 证实性材料 heading, as 填报说明 五 binds
    it, captioned before or after the picture."""
    from docx.shared import Cm

    licence = next(folder.glob("*营业执照.png"))
    rec = _file(folder, "推荐材料")
    d = docx.Document(str(rec))
    d.add_paragraph("证实性材料")
    if before:
        d.add_paragraph(caption)
    d.add_paragraph().add_run().add_picture(str(licence), width=Cm(12))
    if not before:
        d.add_paragraph(caption)
    d.save(str(rec))
    licence.unlink()


@pytest.mark.parametrize("caption, before", [
    ("一、营业执照复印件", True), ("1. 营业执照（副本）", True), ("图1 营业执照", False),
    ("附件1：企业营业执照复印件", True),
])
def test_class2_licence_as_a_captioned_picture_in_the_recommendation(
        a_template: Path, tmp_path: Path, caption: str, before: bool) -> None:
    """Issue 18, class 2: the 营业执照复印件 embedded in 推荐材料 under 证实性材料 was
    reported missing (A-REC-05)."""
    folder = copy_packet(a_template, tmp_path / "a")
    _embed_licence(folder, caption, before)
    assert _ids(folder, ["A-REC-05", "G-07"]) == []


def test_class2_licence_scan_in_a_named_subfolder(b_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(b_template, tmp_path / "b")
    licence = next(folder.glob("*营业执照.png"))
    (folder / "证实性材料" / "营业执照").mkdir(parents=True)
    licence.rename(folder / "证实性材料" / "营业执照" / "IMG_0001.png")
    assert _ids(folder, ["G-07", "B-EVD-01"]) == []


def test_class2_a_licence_nowhere_is_still_missing(a_template: Path, tmp_path: Path) -> None:
    folder = copy_packet(a_template, tmp_path / "a")
    next(folder.glob("*营业执照.png")).unlink()
    assert [r for r, _ in _ids(folder, ["A-REC-05"])] == ["A-REC-05"]
