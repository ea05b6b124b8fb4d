from __future__ import annotations

from collections.abc import Iterator

from checks.formatting import body_paragraphs, font_size_tally
from checks.registry import Context, Finding, rule
from checks.report_parts import report_views
from pipeline.core.fonts import font_matches
from pipeline.core.model import Packet

REQUIRED_FONT, REQUIRED_SIZE = "仿宋", "三号"


def _matcher(accept_lookalikes: bool):
    def ok(label: str) -> bool:
        return label.startswith(REQUIRED_SIZE) and font_matches(
            label[len(REQUIRED_SIZE):], REQUIRED_FONT, accept_lookalikes) is not None
    return ok


@rule("A-RPT-04", name="工作报告正文字体字号", severity="warning", schemes="A", part="工作报告",
      clause="市场质量信用工作报告需按所列框架逐项撰写，正文以三号仿宋字体为主，可辅以图表说明")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the body text of the Word 工作报告 (paragraphs that are not headings)
    is mainly 三号 (16 pt) 仿宋, counted by East Asian characters with the font Word would
    use for each of them (styles, theme fonts and direct formatting resolved). The finding
    summarises the format by share of characters and names the paragraphs that differ.
    仿宋_GB2312 is a different font from 仿宋; by default it is accepted with a notice.
    When unsure: reports only when the share of the main format is below the setting (80 %);
    fonts are matched through their aliases.
    Why: "正文以三号仿宋字体为主".
    Failing example: body in 小四号宋体.
    Passing example: body in 三号仿宋, headings in 黑体.
    Config: format_main_share (YUSHEN_FORMAT_MAIN_SHARE, default 0.8: "为主" means at least
    80 % of body characters); accept_fangsong_gb2312 (YUSHEN_ACCEPT_FANGSONG_GB2312, default
    true: 仿宋_GB2312 passes with a notice; false: it counts as a wrong font).
    """
    share_needed = ctx.settings.format_main_share
    _ok = _matcher(ctx.settings.accept_fangsong_gb2312)
    for view in report_views(packet, "工作报告"):
        if view.doc.document.kind != "docx":
            continue  # fonts of PDFs and scans: issue 4
        tally = font_size_tally(body_paragraphs(view.items))
        if not tally.total:
            continue
        share = tally.share(_ok)
        if share < share_needed:
            yield Finding(f"工作报告正文应以三号仿宋为主，实际符合的仅占 {share:.0%}。", file=view.file,
                          evidence=tally.summary("正文", _ok))
            continue
        lookalike = {label for label in tally.chars if _ok(label)
                     and font_matches(label[len(REQUIRED_SIZE):], REQUIRED_FONT) != "ok"}
        if lookalike:
            yield Finding(f"工作报告正文使用{'、'.join(sorted(lookalike))}：与仿宋不是同一字体，"
                          "按设置视为仿宋。", severity="notice", file=view.file,
                          evidence=tally.summary("正文", _ok))
