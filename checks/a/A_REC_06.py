from __future__ import annotations

import re
from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from pipeline.model import Packet
from pipeline.records import BasicCredit, part_tables
from pipeline.textnorm import compact

TEMPLATE_LIST = re.compile(r"^(\d+[.．、]?)*[.…]*$")  # the form's "1. 2. 3. …", compacted


@rule("A-REC-06", name="基础信用信息列明", severity="error", schemes="A", part="推荐材料",
      clause="下列选项如有，请提供相关证明文件复印件；□有（请列明） □无；许可证名称及证书编号")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: in 基础信用信息, every row ticked "有（请列明）" lists something after the
    option (what, which, when); when 法定生产经营许可证 is ticked 有, 许可证名称及证书编号 is
    filled with more than the form's "1. 2. 3. …". (That each 有/无 row has exactly one tick
    is G-05's; staff-count consistency needs the staff table, not read yet.)
    Why: "如有，请提供相关证明文件复印件" and "有（请列明）".
    Failing example: "☑有（请列明）  □无" with nothing listed.
    Passing example: "☑有（请列明）：质量手册  □无".
    Config: none.
    """
    tables = part_tables(packet, "推荐材料")
    if not tables:
        return
    credit = BasicCredit.from_tables(tables)
    for group in credit.ticks.values():
        for label in group.ticked:
            if compact(label) in ("有(请列明)", "有（请列明）"):
                yield Finding(f"基础信用信息“{group.label}”勾选了“有（请列明）”，但未列明具体内容。",
                              location=group.location, evidence=label)
    licence = credit.ticks["licence"]
    listing = credit.fields["licence_list"]
    if "有" in licence.ticked and (not listing.filled or TEMPLATE_LIST.match(compact(listing.value))):
        yield Finding("已勾选具有法定生产经营许可证，但未列明许可证名称及证书编号。",
                      location=listing.location, evidence=listing.value or "（空）")
