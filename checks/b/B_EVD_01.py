from __future__ import annotations

import re
from collections.abc import Iterator

from checks.evidence import evidence_places
from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet

SEARCHED = "按文件名、文件夹名、文件标题、图片说明和扫描页标题查找"
# as applicants name them: 荣誉证书, 获奖证书, 先进单位, 称号, 表彰, 示范 …
AWARDS = ("近三年与用户有关的奖项、荣誉", re.compile(r"荣誉|奖|先进|称号|表彰|优秀|示范"))
BY_CATEGORY: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "产品类": [("产品检测报告", re.compile(r"检测报告|检验报告|质检报告|试验报告")),
              ("商标注册证书", re.compile(r"商标注册|注册商标|商标证"))],
    # highway works are handed over with a 交工验收 certificate before the 竣工验收
    "交通工程类": [("工程竣工验收证明", re.compile(r"竣工验收|交工验收|交竣工")),
                ("建设单位（用户）满意度评价鉴定意见",
                 re.compile(r"鉴定意见|满意度评价意见|评价鉴定|用户评价意见"))],
}


@rule("B-EVD-01", name="证实性材料", severity="error", schemes="B", part="证实性材料",
      clause="有效期内年检合格营业执照复印件。企业近三年与用户有关的奖项、荣誉复印件……产品类需提供"
             "产品检测报告复印件、商标注册证书。工程类需提供工程竣工验收证明和建设单位（用户）满意度评价鉴定意见。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the evidence the category requires is in the packet, found by file,
    folder or archive name, document title, a captioned picture inside any document, or
    a titled page of a PDF or scan (checks/evidence.py): 产品类 — 产品检测报告 and
    商标注册证书; 交通工程类 — 工程竣工验收证明
    and 建设单位（用户）满意度评价鉴定意见 (errors); any category — awards or honours of the last
    three years (a warning when none is found). The 营业执照 is G-07's. Whether a document
    really is what its title says, and its dates, need reading it (later work).
    When unsure: evidence counts wherever it is placed (file, folder, captioned picture,
    titled page); only evidence found nowhere is missing.
    Why: 填报说明 二（六）.
    Failing example: a 产品类 packet without 商标注册证书 and 产品检测报告.
    Passing example: a 服务类 packet with its 营业执照 and a 荣誉证书.
    Config: none.
    """
    for what, pattern in BY_CATEGORY.get(packet.category or "", []):
        if not evidence_places(packet, pattern):
            yield Finding(f"{packet.category}须提供{what}，材料中未找到。",
                          evidence=SEARCHED)
    label, pattern = AWARDS
    if not evidence_places(packet, pattern):
        yield Finding(f"材料中未找到{label}的复印件。", severity="warning",
                      evidence=SEARCHED)
