"""The effective-format resolver on hand-written .docx files, one inheritance path each."""

from __future__ import annotations

from pathlib import Path

from extractors.docx import extract_docx
from pipeline.core.model import Block
from tests import docx_fixtures as fx


def _blocks(path: Path) -> list[Block]:
    return extract_docx(path, path.name, "0" * 64).blocks()


def _spans(block: Block) -> list[tuple[str, str, float, bool]]:
    return [(s.text, s.font, s.size_pt, s.bold) for s in block.spans]


def test_doc_defaults_only(tmp_path: Path) -> None:
    st = fx.styles(defaults_rpr='<w:rFonts w:eastAsia="仿宋" w:ascii="Times New Roman"/><w:sz w:val="32"/>')
    (b,) = _blocks(fx.write_docx(tmp_path / "a.docx", fx.para(fx.run("正文")), styles_xml=st))
    assert _spans(b) == [("正文", "仿宋", 16.0, False)]
    assert b.style.font_east_asia == "仿宋" and b.style.size_pt == 16.0


def test_paragraph_style_chain_and_direct_size(tmp_path: Path) -> None:
    st = fx.styles(
        defaults_rpr='<w:sz w:val="21"/>',
        normal_rpr='<w:rFonts w:eastAsia="宋体"/><w:sz w:val="28"/>',
        extra='<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="正文样式"/>'
              '<w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:eastAsia="楷体"/></w:rPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Body2"><w:name w:val="正文样式2"/>'
              '<w:basedOn w:val="Body"/><w:rPr><w:b/></w:rPr></w:style>')
    body = (fx.para(fx.run("默认")) + fx.para(fx.run("样式"), ppr='<w:pStyle w:val="Body"/>')
            + fx.para(fx.run("直接", '<w:sz w:val="24"/>'), ppr='<w:pStyle w:val="Body2"/>'))
    b1, b2, b3 = _blocks(fx.write_docx(tmp_path / "a.docx", body, styles_xml=st))
    assert _spans(b1) == [("默认", "宋体", 14.0, False)]  # default paragraph style, no pStyle
    assert _spans(b2) == [("样式", "楷体", 14.0, False)]  # basedOn keeps Normal's size
    assert _spans(b3) == [("直接", "楷体", 12.0, True)]  # two levels of basedOn, then direct
    assert b3.style.style_name == "正文样式2"


def test_theme_east_asia_font_by_theme_font_lang(tmp_path: Path) -> None:
    st = fx.styles(defaults_rpr='<w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia"'
                                ' w:hAnsiTheme="minorHAnsi"/>')
    body = fx.para(fx.run("质量Q"))
    zh = _blocks(fx.write_docx(tmp_path / "zh.docx", body, styles_xml=st))[0]
    assert _spans(zh) == [("质量", "等线", 10.5, False), ("Q", "Calibri", 10.5, False)]
    ja = _blocks(fx.write_docx(tmp_path / "ja.docx", body, styles_xml=st,
                               settings_xml=fx.settings("ja-JP")))[0]
    assert ja.spans[0].font == "游明朝"
    # a non-empty <a:ea> wins over the script list
    ea = _blocks(fx.write_docx(tmp_path / "ea.docx", body, styles_xml=st,
                               theme_xml=fx.theme(minor_ea="微软雅黑")))[0]
    assert ea.spans[0].font == "微软雅黑" and ea.spans[0].font_source == "theme"


def test_direct_font_overrides_inherited_theme_font(tmp_path: Path) -> None:
    st = fx.styles(defaults_rpr='<w:rFonts w:eastAsiaTheme="minorEastAsia" w:asciiTheme="minorHAnsi"/>')
    body = fx.para(fx.run("报告Word", '<w:rFonts w:eastAsia="黑体" w:ascii="Arial"/>'))
    (b,) = _blocks(fx.write_docx(tmp_path / "a.docx", body, styles_xml=st))
    assert [(s.text, s.font, s.font_source) for s in b.spans] == [
        ("报告", "黑体", "direct"), ("Word", "Arial", "direct")]


def test_east_asia_and_ascii_slots_in_one_run_and_the_hint(tmp_path: Path) -> None:
    rpr = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体"/>'
    hinted = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:hint="eastAsia"/>'
    body = fx.para(fx.run("通过ISO 9001认证", rpr)) + fx.para(fx.run("“质量”", hinted)) \
        + fx.para(fx.run("“质量”", rpr))
    b1, b2, b3 = _blocks(fx.write_docx(tmp_path / "a.docx", body))
    assert [(s.text, s.font) for s in b1.spans] == [
        ("通过", "宋体"), ("ISO 9001", "Times New Roman"), ("认证", "宋体")]
    assert [(s.text, s.font) for s in b2.spans] == [("“质量”", "宋体")]  # hint: quotes East Asian
    assert [(s.text, s.font) for s in b3.spans] == [
        ("“", "Times New Roman"), ("质量", "宋体"), ("”", "Times New Roman")]


def test_indent_spacing_alignment_and_numbering(tmp_path: Path) -> None:
    st = fx.styles(normal_ppr='<w:spacing w:line="360" w:lineRule="auto"/><w:jc w:val="both"/>'
                              '<w:ind w:firstLineChars="200" w:firstLine="560"/>',
                   normal_rpr='<w:sz w:val="28"/>')
    body = (fx.para(fx.run("正文")) +
            fx.para(fx.run("固定"), ppr='<w:spacing w:line="560" w:lineRule="exact"/>'
                    '<w:ind w:firstLine="0"/><w:jc w:val="center"/>') +
            fx.para(fx.run("概述"), ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>') +
            fx.para(fx.run("细节"), ppr='<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>') +
            fx.para(fx.run("资源"), ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    b1, b2, b3, b4, b5 = _blocks(fx.write_docx(tmp_path / "a.docx", body, styles_xml=st))
    assert (b1.style.line_rule, b1.style.line_spacing) == ("auto", 1.5)
    assert b1.style.alignment == "both" and b1.style.first_line_chars == 2.0
    assert (b2.style.line_rule, b2.style.line_spacing) == ("exact", 28.0)
    # a level that sets firstLine in twips replaces the inherited character indent
    assert b2.style.first_line_chars is None and b2.style.first_line_pt == 0.0
    assert b2.style.alignment == "center"
    assert [b3.label, b4.label, b5.label] == ["一、", "（一）", "二、"]
    assert b3.text == "概述"  # the list number is not text


def test_check_boxes_in_every_form(tmp_path: Path) -> None:
    sdt = ('<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{v}"/></w14:checkbox></w:sdtPr>'
           '<w:sdtContent><w:r><w:t>{g}</w:t></w:r></w:sdtContent></w:sdt>')
    body = fx.para(
        sdt.format(v=1, g="☒"), fx.run("是"), sdt.format(v=0, g="☐"), fx.run("否"),
        '<w:r><w:sym w:font="Wingdings 2" w:char="F052"/></w:r>', fx.run("首次申请"),
        '<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>\uf0a8</w:t></w:r>',
        fx.run("申请复评"))
    (b,) = _blocks(fx.write_docx(tmp_path / "a.docx", body))
    assert b.text == "☑是□否☑首次申请□申请复评"
