from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from checks.report_parts import report_views
from pipeline.core.model import Block, Packet
from pipeline.core.textnorm import compact
from pipeline.forms.chapters import find_anywhere, match_outline
from pipeline.forms.edition import edition_of
from pipeline.forms.outlines import a_report_outline

NUMERALS = "一二三四"


@rule("A-RPT-01", name="工作报告标题与章节结构", severity="error", schemes="A", part="工作报告",
      clause="“工作报告”按框架内容和对应篇幅要求编制：一、情况概述；二、企业在运营中的资源保障情况；"
             "三、企业在生产、服务过程中的质量保障情况；四、顾客关系管理的主要目标、措施和经验")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the 工作报告 has a title ending in "市场质量信用工作报告" and the four
    chapters of the framework, in order. Chapter headings are recognised by their title
    text, with or without the "一、" numbering and the "（2000字）" note.
    When unsure: headings are recognised with or without numbering, as Heading styles or
    bold body text.
    Why: "市场质量信用工作报告需按所列框架逐项撰写" (填报说明 三).
    Failing example: chapter 三 missing.
    Passing example: 一、情况概述 … 四、顾客关系管理的主要目标、措施和经验, in this order.
    Config: none.
    """
    for view in report_views(packet, "工作报告"):
        titles = [i for i in view.items[:15] if isinstance(i, Block)
                  and compact(i.text).endswith("市场质量信用工作报告")]
        if not titles:
            yield Finding("工作报告缺少标题“……企业（产品、工程、服务）市场质量信用工作报告”。",
                          file=view.file)
        matches = match_outline(view.items, list(a_report_outline(edition_of(packet))))
        for n, m in enumerate(matches):
            if m.index is not None:
                continue
            elsewhere = find_anywhere(view.items, m.spec)
            if elsewhere is not None:
                block = view.items[elsewhere]
                assert isinstance(block, Block)
                yield Finding(f"第{NUMERALS[n]}章“{m.spec.title}”位置不对：框架要求的顺序为"
                              "情况概述、资源保障、质量保障、顾客关系管理。",
                              location=block.location, evidence=block.text.strip())
            else:
                yield Finding(f"工作报告缺少第{NUMERALS[n]}章“{m.spec.title}”。", file=view.file,
                              evidence="未找到该章标题")
