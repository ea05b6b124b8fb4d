"""Page facts of Word files read off their LibreOffice rendering (B-RPT-03 page numbers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from pipeline.core.settings import Settings
from pipeline.engine.run import check_path
from tests.conftest import unpack_sample


def _b1_with_footer(tmp_path: Path, alignment: WD_ALIGN_PARAGRAPH | None) -> Path:
    """The complete B1 packet, its 实践报告 page numbers moved (or removed when None)."""
    packet = tmp_path / "packet"
    packet.mkdir()
    unpack_sample("B1", packet)
    report = next(packet.glob("*实践报告*.docx"))
    doc = open_docx(str(report))
    for section in doc.sections:
        for paragraph in section.footer.paragraphs:
            if alignment is None:
                for child in list(paragraph._p):
                    if child.tag.endswith("}fldSimple") or child.tag.endswith("}r"):
                        paragraph._p.remove(child)
            else:
                paragraph.alignment = alignment
    doc.save(str(report))
    return packet


def _page_findings(packet: Path, render: bool) -> list[str]:
    _, result = check_path(packet, Settings(render_word_pages=render))
    return [d.message for d in result.deficiencies
            if d.rule_id == "B-RPT-03" and "页码" in d.message]


@pytest.mark.parametrize("render", [True, False], ids=["rendered", "section-settings"])
def test_right_aligned_page_numbers_are_reported(tmp_path: Path, render: bool) -> None:
    found = _page_findings(_b1_with_footer(tmp_path, WD_ALIGN_PARAGRAPH.RIGHT), render)
    assert len(found) == 1 and "下方居中" in found[0] and "右侧" in found[0]


def test_missing_page_numbers_seen_on_the_rendered_pages(tmp_path: Path) -> None:
    found = _page_findings(_b1_with_footer(tmp_path, None), True)
    assert found == ["实践报告未设置页码（各页页脚均无页码）。"]


def test_centred_page_numbers_pass(tmp_path: Path) -> None:
    assert _page_findings(_b1_with_footer(tmp_path, WD_ALIGN_PARAGRAPH.CENTER), True) == []


@pytest.mark.parametrize("render", [True, False], ids=["rendered", "off"])
def test_the_layout_is_read_before_the_rules_run(tmp_path: Path, render: bool) -> None:
    """Issue 22, item 4: the rules read the laid-out page numbers off the packet; they run
    no converter. Only the 实践报告's Word file is laid out, and only when rendering is on."""
    packet, _ = check_path(_b1_with_footer(tmp_path, WD_ALIGN_PARAGRAPH.RIGHT),
                           Settings(render_word_pages=render))
    laid_out = {d.source.name: d.laid_out for d in packet.documents if d.laid_out is not None}
    if not render:
        assert laid_out == {}
        return
    assert len(laid_out) == 1 and "实践报告" in next(iter(laid_out))
    pages = next(iter(laid_out.values()))
    assert pages.pages >= 2 and pages.numbered and not pages.centred_bottom
    assert set(pages.elsewhere.values()) == {"页脚右侧"}
