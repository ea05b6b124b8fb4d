from __future__ import annotations

from collections.abc import Iterator

from checks.form_access import record
from checks.registry import Context, Finding, rule
from pipeline.core import parse
from pipeline.core.model import Packet
from pipeline.forms.edition import edition_of
from pipeline.forms.records import Record


@rule("B-APP-02", name="申请表类别栏目", severity="error", schemes="B", part="申请表",
      clause="请选择对应申请类别填写：服务类填写／产品类填写／交通工程类填写")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the block of the ticked category (服务类 / 产品类 / 交通工程类) is filled
    completely and the other two are empty; "限3项" fields list at most three items
    (counted as applicants write lists: numbered 1. （1） ① 一、, one per line, or separated
    by ；; or 、，, the strongest kind present deciding); 交通工程类: 验收日期 is not before
    竣工日期.
    When unsure: lists are counted by the strongest separator present, never inside
    brackets, numbers or units: it undercounts rather than overcounts.
    Why: "请选择对应申请类别填写".
    Failing example: a 服务类 application with 商标名称 of the 产品类 block filled as well.
    Passing example: only the ticked category's block, complete.
    Config: none. The category is the 申请表 tick; without it this rule is silent.
    """
    blocks: dict[str, Record] | None = record(packet, "申请表", "b_blocks")
    layouts = edition_of(packet).records
    if not blocks or packet.category not in layouts.b_blocks:
        return
    own = blocks.get(packet.category)
    if own is None:
        heading = layouts.forms[layouts.b_blocks[packet.category]].title
        yield Finding(f"申请表中找不到“{heading}”栏目。")
        return
    empty = [f for f in own.fields.values() if not f.filled]
    if empty:
        yield Finding(f"申请表“{packet.category}”栏目未填写完整：{'、'.join(f.label for f in empty)}。",
                      location=empty[0].location)
    for other, rec in blocks.items():
        # a block struck out ("/", "—", "无") is not filled in
        if other != packet.category and any(f.answered for f in rec.fields.values()):
            filled = [f.label for f in rec.fields.values() if f.answered]
            yield Finding(f"申请的是{packet.category}，却填写了“{other}”栏目（应只填写所申请类别）。",
                          severity="warning", evidence="已填写：" + "、".join(filled))
    for field in own.fields.values():
        items = parse.list_items(field.value) if field.filled else []
        if "限3项" in field.label and len(items) > 3:
            yield Finding(f"“{field.label}”最多填写3项，实际 {len(items)} 项。",
                          severity="warning", location=field.location,
                          evidence="；".join(f"{n}. {item}" for n, item in enumerate(items, 1)))
    if packet.category == "交通工程类":
        done, accepted = own.fields["completed"], own.fields["accepted"]
        d1 = parse.parse_date(done.value) if done.filled else None
        d2 = parse.parse_date(accepted.value) if accepted.filled else None
        if d1 and d2 and d2[0] < d1[0]:
            yield Finding("验收日期早于竣工日期。", location=accepted.location,
                          evidence=f"竣工日期 {done.value}，验收日期 {accepted.value}")
