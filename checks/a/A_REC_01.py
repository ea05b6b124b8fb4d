from __future__ import annotations

import re
from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from checks.sealing import seal_findings
from pipeline.core import parse
from pipeline.core.model import Block, Packet
from pipeline.core.textnorm import compact

COVER_FIELDS = [("企业名称", r"企业名称"), ("所属行业", r"所属行业"), ("所在地区", r"所在地区"),
                ("第三方用户满意度评测机构", r"第三方用户满\s*意度评测机构"), ("填表日期", r"填表日期")]
COVER_SEAL = re.compile(r"企业名称(?!.*财务章)")  # the financial table has its own
COVER_LINES = 30  # the cover is the first lines of the 推荐材料


@rule("A-REC-01", name="推荐材料封面", severity="error", schemes="A", part="推荐材料",
      clause="企业名称（加盖公章）：所属行业：所在地区：第三方用户满意度评测机构：填表日期 年 月 日")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the cover of the Word 推荐材料 fills 企业名称, 所属行业, 所在地区,
    第三方用户满意度评测机构 and 填表日期 (a real date). Each line is read as "label：value";
    a label missing from the cover is reported too. A seal must sit at "企业名称（加盖公章）"
    on some copy of the 推荐材料 (checks/sealing.py).
    When unsure: a label missing from the cover is reported only when the cover itself is
    found.
    Why: the cover identifies the volume.
    Failing example: "所在地区：" left empty; "填表日期： 年 月 日".
    Passing example: every line filled, 填表日期 2026年3月10日.
    Config: none.
    """
    for doc in packet.documents_with("推荐材料"):
        if doc.document.kind != "docx":
            continue
        lines = [b for b in doc.items_of("推荐材料") if isinstance(b, Block)][:COVER_LINES]
        for label, pattern in COVER_FIELDS:
            regex = re.compile(rf"^{pattern}\s*(?:[（(][^）)]*[)）])?\s*[：:]?\s*(.*)$")
            line = next((b for b in lines if regex.match(b.text.strip())), None)
            if line is None:
                yield Finding(f"推荐材料封面缺少“{label}”一栏。", file=doc.source.name)
                continue
            value = regex.match(line.text.strip())[1].strip()  # type: ignore[index]
            if label == "填表日期":
                if parse.parse_date(value) is None:
                    yield Finding("推荐材料封面“填表日期”未填写实际日期。", location=line.location,
                                  evidence=line.text.strip())
            elif not compact(value):
                yield Finding(f"推荐材料封面“{label}”未填写。", location=line.location,
                              evidence=line.text.strip())
        break
    yield from seal_findings(packet, "推荐材料", "推荐材料封面", within=COVER_SEAL,
                             place="“企业名称（加盖公章）”处")
