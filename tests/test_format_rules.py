"""A-RPT-04, B-RPT-03 and A-REC-03 on generated reports, and where page numbers sit."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from extractors.docx import extract_docx
from pipeline.engine.run import check_path
from samples.generate import (
    A_TITLES,
    HENGLI,
    HUATONG,
    Sample,
    a_recommendation,
    a_report,
    b_application,
    b_report,
)
from tests import docx_fixtures as fx

PROJECT = "HL3000型桥梁检测车"


def _findings(folder: Path, rule_id: str) -> list:
    _, result = check_path(folder)
    return [d for d in result.deficiencies if d.rule_id == rule_id]


def _b_packet(tmp_path: Path, **report_args) -> Path:
    b_application(HENGLI, "产品类", "四星", PROJECT, Sample("t", "", []), tmp_path / "申请表.docx")
    b_report(HENGLI, "产品类", PROJECT, (1000, 7600, 1000), tmp_path / "实践报告.docx",
             **report_args)
    return tmp_path / "实践报告.docx"


def test_a_report_body_in_song_is_summarised_by_share(tmp_path: Path) -> None:
    a_report(HUATONG, dict.fromkeys(A_TITLES, 400), tmp_path / "工作报告.docx", body_font="宋体")
    (finding,) = _findings(tmp_path, "A-RPT-04")
    assert finding.severity == "warning" and "0%" in finding.message
    assert "三号宋体" in finding.evidence and "第" in finding.evidence


def test_a_report_in_fangsong_passes(tmp_path: Path) -> None:
    a_report(HUATONG, dict.fromkeys(A_TITLES, 400), tmp_path / "工作报告.docx")
    assert _findings(tmp_path, "A-RPT-04") == []


def test_compliant_b_report_has_no_format_findings(tmp_path: Path) -> None:
    _b_packet(tmp_path)
    assert _findings(tmp_path, "B-RPT-03") == []


def test_b_report_page_number_on_the_left(tmp_path: Path) -> None:
    report = _b_packet(tmp_path)
    d = docx.Document(str(report))
    d.sections[0].footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    d.save(str(report))
    (finding,) = _findings(tmp_path, "B-RPT-03")
    assert "下方居中" in finding.message and "左侧" in finding.message


def test_b_report_heading_numbering_and_bold(tmp_path: Path) -> None:
    report = _b_packet(tmp_path)
    d = docx.Document(str(report))
    for p in d.paragraphs:
        if p.text == "一、企业简介":
            p.runs[0].text = "1、企业简介"  # level one numbered like level three
            p.runs[0].bold = False
    d.save(str(report))
    messages = sorted(f.message for f in _findings(tmp_path, "B-RPT-03"))
    assert messages == ["一级标题未加粗。", "章节标题未按模板的三级编号“一、”“（一）”“1.”编写。"]


def test_recommendation_without_toc_and_with_toc_not_restarting(tmp_path: Path) -> None:
    first = tmp_path / "a"
    first.mkdir()
    a_recommendation(HUATONG, Sample("t", "", []), first / "推荐材料.docx", restart_pages=False)
    (finding,) = _findings(first, "A-REC-03")
    assert "没有分节" in finding.message
    second = tmp_path / "b"
    second.mkdir()
    path = a_recommendation(HUATONG, Sample("t", "", []), second / "推荐材料.docx")
    d = docx.Document(str(path))
    for p in d.paragraphs:
        if p.text == "目录":
            p._p.getparent().remove(p._p)
    d.save(str(path))
    (finding,) = _findings(second, "A-REC-03")
    assert finding.message == "推荐材料缺少目录。"


def _footer_alignment(tmp_path: Path, footer_body: str, sect: str = "") -> str | None:
    path = fx.write_docx(tmp_path / "f.docx", fx.para(fx.run("正文")),
                         footer_xml=fx.footer(footer_body), sect=sect)
    (section,) = extract_docx(path, "f.docx", "0" * 64).sections
    assert section.footer_has_page_field
    return section.page_field_alignment


def test_page_number_position_from_jc_tabs_and_text_box(tmp_path: Path) -> None:
    simple = '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'
    assert _footer_alignment(tmp_path, simple) == "center"
    complex_field = ('<w:p><w:pPr><w:tabs><w:tab w:val="center" w:pos="4153"/></w:tabs></w:pPr>'
                     '<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                     '<w:r><w:instrText> PAGE \\* MERGEFORMAT </w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
                     '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    assert _footer_alignment(tmp_path, complex_field) == "center"
    numpages_only = '<w:p><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>'
    path = fx.write_docx(tmp_path / "n.docx", fx.para(fx.run("正文")), footer_xml=fx.footer(numpages_only))
    assert not extract_docx(path, "n.docx", "0" * 64).sections[0].footer_has_page_field
    boxed = ('<w:p><w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
             '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
             '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
             '<wps:txbx><w:txbxContent><w:p><w:fldSimple w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>'
             '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>')
    assert _footer_alignment(tmp_path, boxed) == "center"
    restart = _footer_alignment(tmp_path, simple, sect='<w:pgNumType w:start="1"/>')
    assert restart == "center"


def test_fangsong_gb2312_policy_notice_or_error(tmp_path: Path, monkeypatch) -> None:
    a_report(HUATONG, dict.fromkeys(A_TITLES, 400), tmp_path / "工作报告.docx",
             body_font="仿宋_GB2312")
    (notice,) = _findings(tmp_path, "A-RPT-04")
    assert notice.severity == "notice" and "仿宋_GB2312" in notice.message
    monkeypatch.setenv("YUSHEN_ACCEPT_FANGSONG_GB2312", "false")
    (strict,) = _findings(tmp_path, "A-RPT-04")
    assert strict.severity == "warning" and "三号仿宋_GB2312" in strict.evidence
