"""字数 by Word's rule; every expected figure is counted by hand in the comment beside it."""

from __future__ import annotations

import pytest

from pipeline.core.wordcount import word_count, word_count_all


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("质量诚信", 4),  # four ideographs
        ("质量诚信，用户满意。", 10),  # 8 ideographs + full-width ， and 。 (U+FF0C, U+3002)
        ("ISO 9001认证", 4),  # "ISO" 1 + "9001" 1 (ended by 认, an ideograph) + 认,证 2
        ("2025年10月1日", 6),  # "2025" 1, 年 1, "10" 1, 月 1, "1" 1, 日 1
        ("版本 3.14 发布", 5),  # 版,本 2 + "3.14" 1 + 发,布 2
        ("abc def\tghi", 3),  # three Latin words split by space and tab
        ("第一行\n第二行", 6),  # a line break is whitespace; six ideographs
        ("（１２３）", 5),  # full-width brackets and digits are in FF00–FFEF: 5
        ("“质量”", 4),  # “ and ” (U+201C/D) are not East Asian: each a 1-char word; 2 ideographs
        ("e-mail:a@b.cn", 1),  # one run of non-space, non-East-Asian characters
        ("QC小组", 3),  # "QC" 1 + 小,组 2
        ("   ", 0),
    ],
)
def test_word_count(text: str, expected: int) -> None:
    assert word_count(text) == expected


def test_paragraph_boundaries_split_runs() -> None:
    # "abc" ending one paragraph and "def" starting the next are two words, not one.
    assert word_count_all(["质量abc", "def管理"]) == 2 + 1 + 1 + 2


def _doc_with_subdocs(tmp_path, settings_extra: str = ""):
    from extractors.docx import extract_docx
    from tests import docx_fixtures as fx

    box = ('<w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
           '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData>'
           '<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>'
           '<w:txbxContent><w:p><w:r><w:t>文本框里</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>'
           '</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')
    body = fx.para(fx.run("正文五个字"), box,
                   '<w:r><w:footnoteReference w:id="1"/></w:r>')
    notes = fx.footnotes('<w:footnote w:id="1"><w:p><w:r><w:t>脚注 note</w:t></w:r></w:p></w:footnote>')
    footer = fx.footer('<w:p><w:r><w:t>页脚文字不计</w:t></w:r></w:p>')
    path = fx.write_docx(tmp_path / "wc.docx", body, footnotes_xml=notes, footer_xml=footer,
                         settings_xml=fx.settings(extra=settings_extra))
    return extract_docx(path, "wc.docx", "0" * 64)


def test_text_boxes_and_footnotes_count_headers_and_footers_do_not(tmp_path) -> None:
    from pipeline.forms.chapters import count_words

    doc = _doc_with_subdocs(tmp_path)
    # 正文五个字 5 + 文本框里 4 + 脚注 2 + "note" 1 = 12; the footer's 6 characters are not counted
    assert count_words(doc.content, doc) == 12


def test_do_not_include_subdocs_in_stats_leaves_them_out(tmp_path) -> None:
    from pipeline.forms.chapters import count_words

    doc = _doc_with_subdocs(tmp_path, "<w:doNotIncludeSubdocsInStats/>")
    assert not doc.stats_include_notes
    assert count_words(doc.content, doc) == 5  # 正文五个字 only
