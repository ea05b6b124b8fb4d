from __future__ import annotations

import re
from collections.abc import Iterator

from checks.formatting import font_size_tally
from checks.registry import Context, Finding, rule
from pipeline.core.fonts import font_matches
from pipeline.core.model import Block, ClassifiedDocument, Packet
from pipeline.core.textnorm import compact
from pipeline.forms.edition import Volume, edition_of
from pipeline.forms.volume import numbering_problems, printed_page_numbers, volume_sections

TOC_ENTRY = re.compile(r"(\.{3,}|…+|·{3,}|-{3,}|\t)\s*\d+\s*$|\d+\s*$")


def _matcher(accept_lookalikes: bool):
    def ok(label: str) -> bool:
        return label.startswith("三号") and font_matches(label[2:], "仿宋",
                                                        accept_lookalikes) is not None
    return ok


@rule("A-REC-03", name="推荐材料目录与页码", severity="warning", schemes="A", part="推荐材料",
      clause="编制申报材料目录，三号仿宋字体，目录后正文页码从“1”开始。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: on the Word 推荐材料, a 目录 exists; the 目录 (title and entries) is in
    三号仿宋; the text after the 目录 starts a new section whose page numbers restart at 1
    and whose footer carries a page number. On a PDF or scan of the bound volume, the
    numbers printed in the page footers are read: the first page after the 目录 is numbered 1
    and the numbers run on without a gap or a repeat (a gap is usually a missing page); fonts
    are judged on the Word copy when there is one (a PDF shows the fonts of the computer that
    made it).
    When unsure: page numbers are read from the footers it can read; a volume without
    readable footers is not reported.
    Why: 填报说明 四.
    Failing example: no 目录.
    Passing example: 目录 in 三号仿宋, then a section break with "起始页码 1".
    Config: format_main_share (default 0.8); accept_fangsong_gb2312 (default true).
    """
    yield from _printed_volumes(packet)
    word_copy = any(d.document.kind == "docx" for d in packet.documents_with("推荐材料"))
    for doc in packet.documents_with("推荐材料"):
        if doc.document.kind != "docx":
            if not word_copy:
                yield from _toc_font(doc, ctx, edition_of(packet).volumes["A"])
            continue
        items = [i for i in doc.items_of("推荐材料") if isinstance(i, Block)]
        title_at = next((n for n, b in enumerate(items) if compact(b.text) in ("目录", "目次")), None)
        if title_at is None:
            yield Finding("推荐材料缺少目录。", file=doc.source.name,
                          evidence="未找到标题为“目录”的段落")
            continue
        title = items[title_at]
        entries: list[Block] = []
        body_start: Block | None = None
        for block in items[title_at + 1 :]:
            text = block.text.strip()
            if not text:
                continue
            if TOC_ENTRY.search(text) and block.location.section == title.location.section:
                entries.append(block)
                continue
            body_start = block
            break
        yield from _font_finding(title, entries, ctx)
        if body_start is None:
            continue
        section_no = body_start.location.section or 1
        sections = {s.index: s for s in doc.document.sections}
        section = sections.get(section_no)
        if section_no == title.location.section:
            yield Finding("目录之后没有分节，正文页码无法从“1”开始。", location=body_start.location,
                          evidence=f"目录与正文同在第{section_no}节")
        elif section is None or not (section.footer_has_page_field or section.header_has_page_field):
            yield Finding("目录之后的正文没有页码。", location=body_start.location,
                          evidence=f"第{section_no}节页脚无 PAGE 域")
        elif section.page_number_start != 1:
            yield Finding("目录后正文页码未从“1”开始。", location=body_start.location,
                          evidence=f"第{section_no}节起始页码：{section.page_number_start or '续前节'}")


def _font_finding(title: Block, entries: list[Block], ctx: Context) -> Iterator[Finding]:
    tally = font_size_tally([title, *entries])
    _ok = _matcher(ctx.settings.accept_fangsong_gb2312)
    if tally.total and tally.share(_ok) < ctx.settings.format_main_share:
        yield Finding(f"目录应为三号仿宋，符合的仅占 {tally.share(_ok):.0%}。",
                      location=title.location, evidence=tally.summary("目录", _ok))


def _toc_font(doc: ClassifiedDocument, ctx: Context, volume: Volume) -> Iterator[Finding]:
    """目录 font on a PDF text layer (only when no Word copy exists); scans have no fonts."""
    sections = volume_sections(doc.document, volume)
    toc = next((s for s in sections if s.name == "目录"), None)
    if toc is None or toc.page is None or doc.document.kind != "pdf":
        return
    entries = [b for b in doc.document.blocks() if b.location.page == toc.page
               and b is not toc.block and TOC_ENTRY.search(b.text.strip())]
    yield from _font_finding(toc.block, entries, ctx)


def _printed_volumes(packet: Packet) -> Iterator[Finding]:
    """Printed page numbers of every PDF or scan that is a bound 推荐材料."""
    volume = edition_of(packet).volumes["A"]
    for doc in packet.documents:
        if doc.document.kind not in ("pdf", "image") or not doc.document.pages:
            continue
        sections = volume_sections(doc.document, volume)
        names = {s.name for s in sections}
        if len(names & (set(volume.order) - set(volume.alone))) < 2:
            continue  # not the bound volume
        toc = next((s for s in sections if s.name == "目录"), None)
        if toc is None or toc.page is None:
            yield Finding("装订的推荐材料缺少目录。", file=doc.source.name,
                          evidence="、".join(f"{s.name}（{s.where()}）" for s in sections))
            continue
        body = next((s for s in sections if s.page and s.page > toc.page), None)
        if body is None or body.page is None:
            continue
        numbers = printed_page_numbers(doc.document)
        for problem in numbering_problems(numbers, body.page, doc.document.pages):
            shown = "、".join(f"第{p}页→{numbers[p].value}" for p in sorted(numbers)
                             if abs(p - problem.page) <= 2)
            yield Finding(f"{problem.message}。", file=doc.source.name,
                          location=problem.block.location if problem.block else
                          f"第{problem.page}页",
                          evidence=f"页脚页码（物理页→印刷页码）：{shown or '无'}")
