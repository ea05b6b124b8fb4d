from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, intake_findings, rule
from pipeline.model import Packet


@rule("G-06", name="文件无法打开", severity="error", schemes="AB?",
      clause="（通用）所有报送材料须能打开阅读：损坏、加密或不支持的文件视为未提交。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: every file of the packet opens — archives unpack, Word/PDF/image files
    parse. A corrupt, encrypted or unsupported file is reported by name with the reason; the
    rest of the packet is still checked.
    When unsure: only a file that really failed to open (with the reason) is reported; a
    region OCR could not read is not a G-06.
    Why: a file the committee cannot open counts as not submitted.
    Failing example: "承诺书.docx" is a truncated zip; "材料.zip" has a password.
    Passing example: every file opens.
    Config: none.
    """
    yield from intake_findings(ctx, "G-06")
