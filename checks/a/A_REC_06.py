from __future__ import annotations

import re
from collections.abc import Iterator

from checks.form_access import record
from checks.registry import Context, Finding, rule
from pipeline.core import parse
from pipeline.core.model import Packet
from pipeline.core.textnorm import compact
from pipeline.forms import fields
from pipeline.forms.edition import edition_of
from pipeline.forms.records import FormField, Record

TEMPLATE_LIST = re.compile(r"^(\d+[.．、]?)*[.…]*$")  # the form's "1. 2. 3. …", compacted


@rule("A-REC-06", name="基础信用信息列明", severity="error", schemes="A", part="推荐材料",
      clause="下列选项如有，请提供相关证明文件复印件；□有（请列明） □无；许可证名称及证书编号")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: in 基础信用信息, every row ticked "有（请列明）" lists something after the
    option (what, which, when); when 法定生产经营许可证 is ticked 有, 许可证名称及证书编号 is
    filled with more than the form's "1. 2. 3. …"; the staff table (员工总数, 本科及以上文化程度,
    中高级技术职称) is filled with whole numbers, and 本科及以上, 中高级技术职称 and 从业时间5年以上
    员工数量 are each at most 员工总数. (That each 有/无 row has exactly one tick is G-05's.)
    When unsure: counts staff figures only when they parse as numbers; a row it cannot find
    is not reported.
    Why: "如有，请提供相关证明文件复印件" and "有（请列明）".
    Failing example: "☑有（请列明） □无" with nothing listed under 质量管理相关制度; 本科及以上 1300 of 员工总数 1200.
    Passing example: "☑有（请列明）：质量手册 □无".
    Config: none.
    """
    credit: Record | None = record(packet, "推荐材料", "basic_credit")
    if credit is None:
        return
    for group in credit.ticks.values():
        # what follows the ticked option, on its line or on the lines under it
        for label in [o.label for o in fields.tick_options(group.text, lines=True) if o.ticked]:
            if compact(label) in ("有(请列明)", "有（请列明）"):
                yield Finding(f"基础信用信息“{group.label}”勾选了“有（请列明）”，但未列明具体内容。",
                              location=group.location, evidence=label)
    licence = credit.ticks["licence"]
    listing = credit.fields["licence_list"]
    if "有" in licence.ticked and (not listing.filled or TEMPLATE_LIST.match(compact(listing.value))):
        yield Finding("已勾选具有法定生产经营许可证，但未列明许可证名称及证书编号。",
                      location=listing.location, evidence=listing.value or "（空）")
    yield from _staff_findings(record(packet, "推荐材料", "staff"), credit.fields["senior_staff"],
                               edition_of(packet).records.staff.labels)


def _staff_findings(staff: dict[str, FormField], senior: FormField,
                    labels: list[str]) -> Iterator[Finding]:
    """`staff`: the staff table by its column heads; `labels`: the heads, the total first."""
    if not staff:
        return  # the applicant's form has no staff table: nothing to compare
    counts: dict[str, float] = {}
    for label, field in staff.items():
        if not field.filled:
            yield Finding(f"基础信用信息“{label}”人数未填写。", location=field.location,
                          evidence=f"{label}：（空）")
            continue
        number = parse.parse_count(field.value)
        if number is None or number < 0 or number != int(number):
            yield Finding(f"基础信用信息“{label}”应为人数（整数）。", location=field.location,
                          evidence=f"填写为：{field.value}")
            continue
        counts[label] = number
    total_label, *others = labels
    total = counts.get(total_label)
    if total is None:
        return
    parts = [(label, counts[label], staff[label].location) for label in others
             if label in counts]
    if senior.filled and (n := parse.parse_count(senior.value)) is not None:
        parts.append((senior.label, n, senior.location))
    for label, number, location in parts:
        if number > total:
            yield Finding(f"基础信用信息“{label}”{number:g} 人，超过{total_label} {total:g} 人。",
                          location=location,
                          evidence=f"{total_label} {total:g}；{label} {number:g}")
