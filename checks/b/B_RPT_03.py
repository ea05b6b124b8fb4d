from __future__ import annotations

import re
from collections.abc import Iterator

from checks.formatting import (
    alignment_label,
    body_paragraphs,
    font_size_tally,
    indent_label,
    line_spacing_label,
    paragraph_tally,
    ranges,
)
from checks.registry import Context, Finding, rule
from checks.report_parts import report_views
from pipeline.core.fonts import canonical_font, font_matches, size_name
from pipeline.core.model import Block, Packet, PageNumbers
from pipeline.core.textnorm import compact
from pipeline.forms.chapters import match_outline
from pipeline.forms.edition import edition_of
from pipeline.forms.outlines import b_report_outline
from pipeline.forms.page_numbers import placement

NUMBERING = {
    1: (re.compile(r"^[一二三四五六七八九十]+、"), "“一、”"),
    2: (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), "“（一）”"),
    3: (re.compile(r"^\d+[.．](?!\d)"), "“1.”"),
}


def _body_font_ok(label: str) -> bool:
    return label.startswith("四号") and font_matches(label[2:], "宋体") is not None


def _title_findings(title: Block) -> list[str]:
    problems = []
    style = title.style
    font = canonical_font(style.font_east_asia)
    if style.size_pt != 18 or font_matches(style.font_east_asia, "宋体") is None:
        problems.append(f"字体字号为{size_name(style.size_pt)}{font or '未知字体'}（应为小二号宋体）")
    if not style.bold:
        problems.append("未加粗")
    if style.alignment != "center":
        problems.append(f"{alignment_label(title)}（应居中）")
    if line_spacing_label(title) != "单倍行距":
        problems.append(f"{line_spacing_label(title)}（应为单倍行距）")
    return problems


@rule("B-RPT-03", name="实践报告格式", severity="warning", schemes="B", part="实践报告",
      clause="格式要求：标题为小二号宋体、加粗、居中、单倍行距，正文为四号宋体、1.5倍行距、段落首行"
             "缩进2个字符、两端对齐，页码在下方居中。请按照模板中三级标题“一、”“（一）”“1.”编写"
             "章节标题，一级标题加粗。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: on the Word 实践报告, with styles resolved as Word does, the title
    (小二号宋体, bold, centred, single spacing); the body text (四号宋体, 1.5 line spacing,
    first-line indent of 2 characters, justified), each judged by share of characters and
    reported with the paragraphs that differ; page numbers (a PAGE field in the footer,
    centred, read off the pages as LibreOffice lays the file out, or from the section
    settings when rendering is off; on a PDF or scan sent alone, off its own pages); headings of levels 1–3 numbered "一、", "（一）", "1." (typed or Word list
    numbers) and level-one headings bold. One finding per property.
    When unsure: reports only when the share of a format is below the setting; page numbers
    are read from the laid-out page.
    Why: 用户满意经营实践报告编写要求 二、三.
    Failing example: body at single spacing; no page numbers on the laid-out pages.
    Passing example: the format of the 编写要求 throughout.
    Config: format_main_share (default 0.8) for body properties; render_word_pages (default
    true).
    """
    need = ctx.settings.format_main_share
    for view in report_views(packet, "实践报告"):
        doc = view.doc.document
        if doc.kind != "docx":
            # a PDF or scan sent without a Word copy: only what its pages show
            yield from _page_number_findings(_sent_pages(view), view.file, "")
            continue
        blocks = [i for i in view.items if isinstance(i, Block) and compact(i.text)]
        if blocks:
            problems = _title_findings(blocks[0])
            if problems:
                yield Finding(f"实践报告标题格式不符：{'；'.join(problems)}。",
                              location=blocks[0].location, evidence=blocks[0].text.strip()[:60])
        body = body_paragraphs(view.items)
        checks = [
            ("正文字体字号", "四号宋体", font_size_tally(body), _body_font_ok),
            ("正文行距", "1.5倍行距", paragraph_tally(body, line_spacing_label),
             lambda label: label == "1.5倍行距"),
            ("正文首行缩进", "2个字符", paragraph_tally(body, indent_label),
             lambda label: label == "首行缩进2字符"),
            ("正文对齐方式", "两端对齐", paragraph_tally(body, alignment_label),
             lambda label: label == "两端对齐"),
        ]
        for what, want, tally, ok in checks:
            if tally.total and tally.share(ok) < need:
                yield Finding(f"{what}应为{want}，符合的仅占 {tally.share(ok):.0%}。",
                              file=view.file, evidence=tally.summary("正文", ok))
        yield from _word_page_numbers(view, ctx)
        yield from _heading_findings(packet, view.items)


def _word_page_numbers(view, ctx: Context) -> Iterator[Finding]:
    """Page numbers as the laid-out pages show them; the section settings when the file
    cannot be laid out (or rendering is switched off)."""
    if ctx.settings.render_word_pages and view.doc.laid_out is not None:
        # laid out by LibreOffice before the rules ran (pipeline/engine/run.py)
        yield from _page_number_findings(view.doc.laid_out, view.file, "排版后")
        return
    sections = view.doc.document.sections
    with_field = [s for s in sections if s.footer_has_page_field or s.header_has_page_field]
    if not with_field:
        yield Finding("实践报告未设置页码（页脚中没有页码域）。", file=view.file,
                      evidence="各节页脚均无 PAGE 域")
        return
    wrong = [s for s in with_field if not s.footer_has_page_field
             or s.page_field_alignment != "center"]
    if wrong:
        where = "、".join(f"第{s.index}节" for s in wrong)
        got = "页眉" if not wrong[0].footer_has_page_field else \
            f"页脚{alignment_label_from(wrong[0].page_field_alignment)}"
        yield Finding(f"页码应在页面下方居中：{where}的页码位于{got}。", file=view.file,
                      evidence=f"页码所在：{wrong[0].footer or '页眉'}")


def _sent_pages(view) -> PageNumbers:
    doc = view.doc.document
    if doc.kind == "pdf":
        width = doc.page_width
    else:
        width = float(doc.images[0].width_px or 0) if doc.images else 0.0
    return placement(doc, width)


def _page_number_findings(found: PageNumbers, file: str, how: str
                          ) -> Iterator[Finding]:
    if not found.pages:
        return
    if not found.numbered:
        yield Finding("实践报告未设置页码（各页页脚均无页码）。", file=file,
                      evidence=f"{how}共 {found.pages} 页，页脚和页眉均未见页码")
        return
    if found.elsewhere:
        pages = sorted(found.elsewhere)
        shown = "、".join(f"第{p}页" for p in pages[:5]) + ("等" if len(pages) > 5 else "")
        yield Finding(f"页码应在页面下方居中：{shown}的页码位于{found.elsewhere[pages[0]]}。",
                      file=file, evidence=f"{how}共 {found.pages} 页，{len(found.numbered)} 页有页码，"
                                          f"其中居中于页脚的 {len(found.centred_bottom)} 页")


def alignment_label_from(value: str | None) -> str:
    return {"left": "左侧", "right": "右侧", "center": "居中", None: "未知位置"}.get(value, value or "")


def _heading_findings(packet: Packet, items: list) -> Iterator[Finding]:
    outline = b_report_outline(edition_of(packet), packet.category)
    flat = [h for top in outline for h in top.flatten()]
    misnumbered: list[Block] = []
    not_bold: list[Block] = []
    for match in match_outline(items, flat):
        block = match.block
        if block is None or match.spec.level not in NUMBERING:
            continue
        pattern, _ = NUMBERING[match.spec.level]
        if not pattern.match((block.label or "") + block.text.strip()):
            misnumbered.append(block)
        if match.spec.level == 1 and not block.style.bold:
            not_bold.append(block)
    if misnumbered:
        shown = "；".join(f"{b.location.describe()}“{((b.label or '') + b.text.strip())[:20]}”"
                         for b in misnumbered[:4])
        yield Finding("章节标题未按模板的三级编号“一、”“（一）”“1.”编写。",
                      location=misnumbered[0].location,
                      evidence=f"{len(misnumbered)} 处：{shown}")
    if not_bold:
        yield Finding("一级标题未加粗。", location=not_bold[0].location,
                      evidence="、".join(b.text.strip()[:20] for b in not_bold)
                      + f"（{ranges([b.location.paragraph or 0 for b in not_bold])}）")
