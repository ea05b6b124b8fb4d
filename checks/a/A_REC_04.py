from __future__ import annotations

from collections.abc import Iterator

from checks.form_access import record, unfilled_findings
from checks.registry import Context, Finding, rule
from pipeline.core import parse
from pipeline.core.model import Packet
from pipeline.forms.edition import edition_of
from pipeline.forms.records import Record

CONTACT = ["department", "contact", "contact_title", "contact_phone", "contact_email", "address"]


@rule("A-REC-04", name="企业信息表", severity="error", schemes="A", part="推荐材料",
      clause="根据企业所属专业类别，在交通产品制造、交通工程建设和交通运输服务业中选择一项填写；"
             "以2025年度数据为准")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: 负责申报部门名称, 联系人, 联系人职务, 联系人电话, 联系人电子信箱 and 通信地址
    are filled; exactly one of the three industry blocks (交通产品制造业 / 交通工程建设业 /
    交通运输服务业) is filled, and completely; every percentage field holds a number from 0
    to 100.
    When unsure: a value that is only the form's instruction counts as empty; percentages
    are checked only when they parse.
    Why: 企业信息表 注 1、2.
    Failing example: 交通运输服务业 filled and 主导产品名称 written in the 交通产品制造业 block as well.
    Passing example: only 交通运输服务业 filled, all four of its fields.
    Config: none.
    """
    info: Record | None = record(packet, "推荐材料", "enterprise")
    if info is None:
        return
    blocks = edition_of(packet).records.forms["enterprise"].blocks
    yield from unfilled_findings(info, CONTACT, "企业信息表")
    # a block struck out ("/", "—", "无") is not filled in
    filled = {name: [info.fields[f] for f in fields if info.fields[f].answered]
              for name, fields in blocks.items()}
    chosen = [name for name, fields in filled.items() if fields]
    if not chosen:
        yield Finding("企业信息表三个行业栏目均未填写，应选择所属行业填写一项。")
    elif len(chosen) > 1:
        yield Finding(f"企业信息表填写了{len(chosen)}个行业栏目（{'、'.join(chosen)}），只应填写一项。")
    for name in chosen[:1] if len(chosen) == 1 else []:
        empty = [info.fields[f] for f in blocks[name]
                 if not info.fields[f].filled]
        if empty:
            yield Finding(f"企业信息表“{name}”栏目未填写完整：{'、'.join(f.label for f in empty)}。",
                          location=empty[0].location)
    for field in info.fields.values():
        if "%" in field.label and field.answered:
            value = parse.parse_percent(field.value)
            if value is None or not 0 <= value <= 100:
                yield Finding(f"企业信息表“{field.label}”应为0–100之间的数。",
                              location=field.location, evidence=f"填写为：{field.value}")
