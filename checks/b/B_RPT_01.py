from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from checks.report_parts import report_views
from pipeline.core.model import Packet
from pipeline.forms.chapters import HeadingSpec, match_outline
from pipeline.forms.edition import edition_of
from pipeline.forms.outlines import b_report_outline

LEVEL_ZH = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


@rule("B-RPT-01", name="实践报告按模板结构编写", severity="error", schemes="B", part="实践报告",
      clause="请根据申请类别（服务类、产品类、交通工程类）按照对应模板格式编写；"
             "请按照模板中三级标题“一、”“（一）”“1.”编写章节标题")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the 实践报告 contains the headings of its category's template in the
    template's order: 一、企业简介 (（一）（二）), 二、用户满意经营实践 (（一）策划 …
    （四）应用 with their numbered sub-headings), 三、总结思考. Missing first- and second-level
    headings are one error each; missing lower headings are listed together under their
    second-level section (one warning per section). Headings are recognised by their text,
    with or without numbering (Word's automatic numbering is not text).
    When unsure: headings are matched by their text with or without numbering; a heading is
    missing only when no heading of that meaning is found.
    Why: "请根据申请类别…按照对应模板格式编写".
    Failing example: "3.目标计划" missing under 策划.
    Passing example: every template heading present, in order.
    Config: none. The category comes from the 申请表 tick; 服务类 when it cannot be read.
    """
    outline = b_report_outline(edition_of(packet), packet.category)
    flat: list[HeadingSpec] = [h for top in outline for h in top.flatten()]
    parent: dict[int, HeadingSpec] = {}
    top_of = {id(second): top for top in outline for second in top.children}
    for top in outline:
        for second in top.children:
            for spec in second.flatten()[1:]:
                parent[id(spec)] = second
    for view in report_views(packet, "实践报告"):
        matches = match_outline(view.items, flat)
        grouped: dict[int, list[str]] = {}
        owner: dict[int, HeadingSpec] = {}
        missing_sections = {id(m.spec) for m in matches if m.index is None and m.spec.level <= 2}
        for m in matches:
            if m.index is not None:
                continue
            if m.spec.level == 2 and id(top_of[id(m.spec)]) in missing_sections:
                continue  # named in the chapter's own error
            if m.spec.level <= 2:
                below = [s.title for s in m.spec.flatten()[1:]]
                extra = f"，其下小标题 {'、'.join(below)} 也未找到" if below else ""
                yield Finding(f"实践报告缺少{LEVEL_ZH[m.spec.level]}标题“{m.spec.title}”"
                              f"（或未按模板顺序出现）{extra}。", file=view.file,
                              evidence=f"模板：{packet.category or '服务类'}")
            else:
                sec = parent[id(m.spec)]
                if id(sec) in missing_sections:
                    continue  # already named in the section's own error
                grouped.setdefault(id(sec), []).append(m.spec.title)
                owner[id(sec)] = sec
        for key, titles in grouped.items():
            yield Finding(f"实践报告“{owner[key].title}”部分缺少小标题：{'、'.join(titles)}"
                          "（或未按模板顺序出现）。", severity="warning", file=view.file,
                          evidence=f"模板：{packet.category or '服务类'}")
