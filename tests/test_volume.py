"""Bound volumes: sections by title, binding order (A-REC-02, B-PKT-01), printed page numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx.enum.section import WD_SECTION

from pipeline.core.model import Block, Document, Location
from pipeline.core.settings import Settings
from pipeline.engine.run import check_path
from pipeline.forms.edition import load_edition
from pipeline.forms.volume import (
    PrintedNumber,
    numbering_problems,
    out_of_order,
    printed_page_numbers,
    volume_sections,
)
from pipeline.intake.convert import to_pdf
from samples import docbuild as db
from tests.conftest import unpack_sample

A_VOLUME = load_edition().volumes["A"]


def _doc(lines: list[tuple[int, str, str]]) -> Document:
    """(page, container, text) lines as a PDF-like document."""
    blocks = [Block(text=text, location=Location(file="v.pdf", page=page, container=container))
              for page, container, text in lines]
    return Document(file="v.pdf", sha256="0" * 64, kind="pdf",
                    pages=max(p for p, _, _ in lines), content=blocks)


def test_sections_are_found_by_title_not_by_toc_entries() -> None:
    doc = _doc([(1, "body", "推荐材料"), (2, "body", "目录"), (2, "body", "企业信息表……1"),
                (2, "body", "主要财务数据……3"), (3, "body", "企业信息表"),
                (4, "body", "主要财务数据"), (4, "footer", "主要财务数据")])
    assert [(s.name, s.page) for s in volume_sections(doc, A_VOLUME)] == [
        ("封面", 1), ("目录", 2), ("信息表", 3), ("主要财务数据", 4)]


def test_out_of_order_names_the_fewest_misplaced_sections() -> None:
    doc = _doc([(1, "body", "推荐材料"), (2, "body", "目录"), (3, "body", "企业信息表"),
                (4, "body", "主要用户与市场指标"), (5, "body", "主要财务数据"),
                (6, "body", "被访者信息登记表")])
    moved = out_of_order(volume_sections(doc, A_VOLUME), A_VOLUME.order)
    assert len(moved) == 1 and moved[0].name in ("主要财务数据", "主要用户与市场指标")
    in_order = _doc([(1, "body", "推荐材料"), (2, "body", "目录"), (3, "body", "主要财务数据")])
    assert out_of_order(volume_sections(in_order, A_VOLUME), A_VOLUME.order) == []


@pytest.mark.parametrize(("footer", "value"), [
    ("3", 3), ("- 3 -", 3), ("— 12 —", 12), ("第 4 页", 4), ("第4页 共20页", 4), ("5/20", 5),
    ("Page 6", 6)])
def test_printed_page_number_forms(footer: str, value: int) -> None:
    numbers = printed_page_numbers(_doc([(1, "body", "正文"), (1, "footer", footer)]))
    assert numbers[1].value == value


def test_not_a_page_number() -> None:
    doc = _doc([(1, "footer", "地址：南京市中山路100号"), (2, "footer", "2025年")])
    assert printed_page_numbers(doc) == {}


def _numbers(pairs: dict[int, int]) -> dict[int, PrintedNumber]:
    block = Block(text="", location=Location(file="v.pdf"))
    return {p: PrintedNumber(page=p, value=v, block=block) for p, v in pairs.items()}


def test_numbering_gap_repeat_and_start() -> None:
    assert numbering_problems(_numbers({3: 1, 4: 2, 5: 3}), 3, 5) == []
    # a page without a number (a copied certificate) is passed over, the count goes on
    assert numbering_problems(_numbers({3: 1, 5: 3}), 3, 5) == []
    gap = numbering_problems(_numbers({3: 1, 4: 2, 5: 4}), 3, 5)
    assert len(gap) == 1 and gap[0].page == 5 and "跳号" in gap[0].message
    repeat = numbering_problems(_numbers({3: 1, 4: 1, 5: 2}), 3, 5)
    assert [p.page for p in repeat] == [4] and "重复" in repeat[0].message  # one per break
    start = numbering_problems(_numbers({3: 3, 4: 4}), 3, 4)
    assert len(start) == 1 and "未从“1”开始" in start[0].message
    assert "均未见页码" in numbering_problems({}, 3, 4)[0].message


def _b_volume(path: Path, titles: list[str]) -> Path:
    """A B volume as an applicant would export it: one titled part per page, numbered."""
    doc = db.new_document("宋体", 14)
    db.title(doc, "交通运输企业用户满意等级评价信息采集表", 22)
    db.page_numbers(doc.add_section(WD_SECTION.NEW_PAGE), restart=True)
    for n, title in enumerate(titles):
        if n:
            doc.add_page_break()
        db.title(doc, title, 18)
        db.para(doc, "本页为该部分的正文内容。" * 5)
    doc.save(str(path))
    return path


@pytest.mark.parametrize(("titles", "misplaced"), [
    (["交通运输企业用户满意经营承诺书", "交通运输企业用户满意等级评价申报承诺书",
      "交通运输企业用户满意等级评价申请表", "交通运输企业用户满意经营的实践报告"], None),
    (["交通运输企业用户满意等级评价申请表", "交通运输企业用户满意经营承诺书",
      "交通运输企业用户满意等级评价申报承诺书", "交通运输企业用户满意经营的实践报告"], "申请表"),
])
def test_b_binding_order_on_a_rendered_volume(tmp_path: Path, titles: list[str],
                                              misplaced: str | None) -> None:
    """B-PKT-01 on a real PDF (Word → LibreOffice), added to the complete B1 packet."""
    (tmp_path / "packet").mkdir()
    packet = unpack_sample("B1", tmp_path / "packet")
    volume = _b_volume(tmp_path / "volume.docx", titles)
    pdf = to_pdf(volume, "docx", f"b-volume-{misplaced}", tmp_path / "render")
    shutil.copy(pdf, packet / "顺达城市公交有限公司-申请材料（装订版）.pdf")
    _, result = check_path(packet, Settings())
    found = [d for d in result.deficiencies if d.rule_id == "B-PKT-01"]
    if misplaced is None:
        assert found == []
    else:
        assert len(found) == 1 and misplaced in found[0].message
        assert found[0].file and found[0].file.endswith("（装订版）.pdf")
    assert load_edition().volumes["B"].order[0] == "封面和目录"
