from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from checks.report_parts import report_views
from pipeline.core.model import Block, Packet, Table
from pipeline.forms.chapters import chapters_anywhere
from pipeline.forms.edition import edition_of
from pipeline.forms.outlines import a_report_outline
from pipeline.forms.topics import a_topics, coverage


@rule("A-RPT-03", name="工作报告各章必备内容", severity="warning", schemes="A", part="工作报告",
      confidence=0.7,
      clause="内容包括企业及所申报的产品、工程、服务等项目简介，企业建立以顾客为中心的文化……"
             "（各章“内容包括/内容侧重/内容重点”及申报AAA级的补充要求）")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: each chapter of the 工作报告 addresses the topics its framework lists
    (AAA adds the topics of the "注：申报AAA级" notes), sentence by sentence, headings
    included: a topic counts as addressed when a sentence holds its name or a synonym,
    as written or as its words in order a few words apart (cut by jieba in a spaCy blank
    "zh" pipeline). One finding per chapter names the topics not found, and its evidence
    quotes, for the topics that are addressed, the sentence that does.
    Matching words is a judgement aid, not proof: the finding is a warning for the
    reviewer to confirm.
    When unsure: a topic counts as addressed when its name or a synonym appears as written
    or as its words in order; a topic named in a sub-heading is never missing.
    Why: "工作报告按框架内容和对应篇幅要求编制".
    Failing example: chapter 四 with its introduction deleted, so 关键顾客 and 价值链 are never
    mentioned.
    Passing example: every topic discussed somewhere in its chapter.
    Config: none; the topic table with its synonyms is the edition's topics.toml
    (pipeline/forms/2026/topics.toml).
    """
    aaa = packet.level == "AAA"
    topics = a_topics(edition_of(packet))
    outline = a_report_outline(edition_of(packet))
    for view in report_views(packet, "工作报告"):
        for chapter in chapters_anywhere(view.items, outline):
            n = outline.index(chapter.spec)
            text = "\n".join(i.text if isinstance(i, Block) else i.text()
                             for i in chapter.items if isinstance(i, Block | Table))
            addressed, missing = coverage(text, topics[n], aaa)
            if not missing:
                continue
            shown = "；".join(f"{name}：“{sentence[:40]}”" for name, sentence in
                             list(addressed.items())[:4])
            yield Finding(f"“{chapter.spec.title}”一章未见以下内容：{'、'.join(t.name for t in missing)}。",
                          location=chapter.heading.location,
                          evidence=f"已涉及 {len(addressed)} 项" + (f"，如 {shown}" if shown else ""))
