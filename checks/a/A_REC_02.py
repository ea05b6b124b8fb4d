from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet
from pipeline.forms.edition import edition_of
from pipeline.forms.volume import out_of_order, volume_sections

# Sections that must not be in the bound 推荐材料, per binding choice.
NOT_BOUND = {"填报说明": {"信息采集表", "承诺书"}, "活动说明": {"工作报告"}}


@rule("A-REC-02", name="推荐材料装订顺序", severity="warning", schemes="A", part="推荐材料",
      clause="应按封面、目录、信息表、基础信用信息、主要财务数据、主要用户与市场指标、被访者信息登记表、"
             "市场质量信用工作报告、证实性材料的顺序胶装成册后报送中交企协质量工委。申请书、承诺书需单独"
             "放置，请勿胶装进申报材料。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: in every file that holds two or more sections of the bound volume
    (a PDF or scan of the printed 推荐材料, or the Word 推荐材料), the sections follow the
    binding order; the sections that belong elsewhere are not bound in. The sections are
    found by their titles, page by page; the finding names the misplaced sections and the
    pages they are on.
    When unsure: orders only the parts it found by title; parts it could not place are left
    out of the comparison.
    Why: 填报说明 五; 活动说明 7 gives another order (see Config).
    Failing example: 主要用户与市场指标 bound before 主要财务数据.
    Passing example: 封面, 目录, 企业信息表 … 被访者信息登记表 in that order.
    Config: a_binding_order = "填报说明" (default: the order above, 申请书 and 承诺书 apart) or
    "活动说明" (信息采集表 + 承诺书 + 推荐材料 in one volume, 工作报告 in another).
    """
    choice = ctx.settings.a_binding_order
    bound = edition_of(packet).volumes["A"]
    order = bound.order if choice == "填报说明" else bound.activity_order
    for doc in packet.documents:
        sections = volume_sections(doc.document, bound)
        volume = [s for s in sections if s.name in set(bound.order) - set(bound.alone)]
        if len({s.name for s in volume}) < 2:
            continue  # not a bound volume: a single part in its own file
        listing = "、".join(f"{s.name}（{s.where()}）" for s in sections)
        misplaced = out_of_order(sections, order)
        if misplaced:
            moved = "；".join(_describe(s, sections, order) for s in misplaced)
            yield Finding(f"装订顺序不符合要求：{moved}。", file=doc.source.name,
                          location=misplaced[0].block.location,
                          evidence=f"实际顺序：{listing}")
        for section in sections:
            if section.name in NOT_BOUND[choice]:
                yield Finding(f"{section.name}不应装订进推荐材料（{section.where()}），"
                              "应单独放置。", file=doc.source.name,
                              location=section.block.location, evidence=f"实际顺序：{listing}")


def _describe(section, sections, order: list[str]) -> str:
    """'主要财务数据（第8页）应在主要用户与市场指标（第6页）之前'."""
    rank = order.index(section.name)
    at = sections.index(section)
    before_it = [s for s in sections[:at] if s.name in order and order.index(s.name) > rank]
    if before_it:
        other = before_it[0]
        return f"{section.name}（{section.where()}）应在{other.name}（{other.where()}）之前"
    after_it = [s for s in sections[at + 1 :] if s.name in order and order.index(s.name) < rank]
    other = after_it[-1]
    return f"{section.name}（{section.where()}）应在{other.name}（{other.where()}）之后"
