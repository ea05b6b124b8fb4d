from __future__ import annotations

from collections.abc import Iterator

from checks.evidence import part_present
from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet
from pipeline.forms.edition import edition_of


@rule("G-07", name="材料齐全", severity="error", schemes="AB?",
      clause="材料由《信息采集表》《承诺书》《推荐材料》和《工作报告》4个部分组成（附件1）；"
             "申请材料构成：经营承诺书、申报承诺书、申请表、实践报告，第三方用户满意度测量材料"
             "和其他证实性材料（附件2）")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: every part the scheme requires is in the packet, found by its title in
    the documents (or, for scans without a readable title, by file name); evidence parts
    (营业执照, the third-party report) also as a captioned picture inside a document, a
    titled page of a PDF or scan, or a file in a folder named for them
    (checks/evidence.py). A missing part is reported once, naming the part. A packet in
    which no part of either scheme is found gets one error saying so.
    When unsure: accepts a part as a file, a title, a captioned picture, a titled scan page
    or a named folder; only a part found nowhere is missing.
    Why: the forms list the parts a packet consists of.
    Failing example: a scheme A packet without 承诺书.
    Passing example: all parts present, in any number of files.
    Config: none.
    """
    if packet.scheme is None:
        names = "、".join(d.source.name for d in packet.documents) or "（无可读文件）"
        yield Finding("未能在材料中识别出任何一套表格（质量信用等级评价或用户满意等级评价）的"
                      "组成部分，无法判断申报类型；请确认提交的是本活动的申报材料。",
                      evidence=f"已读取的文件：{names}")
        return
    edition = edition_of(packet)
    for part, *alternatives in edition.required_parts[packet.scheme]:
        if not any(part_present(packet, p) for p in (part, *alternatives)):
            yield Finding(f"缺少{edition.part_full_names[part]}。", part=part,
                          evidence="材料中未找到该部分的标题或以其命名的文件")
