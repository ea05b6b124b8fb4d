from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet
from pipeline.forms.edition import edition_of
from pipeline.forms.volume import out_of_order, volume_sections


@rule("B-PKT-01", name="申请材料装订顺序", severity="warning", schemes="B",
      clause="申请材料装订顺序：（一）封面和目录（二）交通运输企业用户满意经营承诺书（三）交通运输企业"
             "用户满意等级评价承诺书（四）交通运输企业用户满意等级评价申请表（五）交通运输企业用户满意"
             "经营的实践报告（六）其他证实性材料")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: in every file that holds two or more parts of the bound 申请材料 (a PDF
    or scan of the printed volume, or one Word file with several parts), the parts follow
    the binding order, found by their titles page by page. Parts sent as separate files
    have no order to check.
    When unsure: orders only the parts it found by title.
    Why: 填报说明 二.
    Failing example: one bound file with the 申请表 before the 经营承诺书.
    Passing example: one bound file of 经营承诺书, 申报承诺书, 申请表, 实践报告 in that order.
    Config: none.
    """
    bound = edition_of(packet).volumes["B"]
    for doc in packet.documents:
        sections = volume_sections(doc.document, bound)
        if len({s.name for s in sections if s.name in bound.order} - set(bound.alone)) < 2:
            continue
        misplaced = out_of_order(sections, bound.order)
        if not misplaced:
            continue
        listing = "、".join(f"{s.name}（{s.where()}）" for s in sections)
        moved = "、".join(f"{s.name}（{s.where()}）" for s in misplaced)
        yield Finding(f"装订顺序不符合要求：{moved}位置不对，应按{bound.named_order()}的顺序装订。",
                      file=doc.source.name,
                      location=misplaced[0].block.location, evidence=f"实际顺序：{listing}")
