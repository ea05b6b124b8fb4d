from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, intake_findings, rule
from pipeline.core.model import Packet


@rule("G-09", name="扩展名与内容不符", severity="notice", schemes="AB?",
      clause="（新增）“电子版：请提供Word格式”：文件须是其扩展名所示的格式。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: a file whose extension names one format while its content is another
    (a ".pdf" that is really a Word file, a ".doc" that is a .docx).
    When unsure: a notice only; the content decides how the file is read.
    Why: not in REQUIREMENTS.md; added because such files open wrongly or not at all on the
    committee's computers. yushen reads the real content anyway, so this is a notice.
    Failing example: "申请书.pdf" whose bytes are a .docx package.
    Passing example: "申请书.docx" that is a .docx.
    Config: none.
    """
    yield from intake_findings(ctx, "G-09")
