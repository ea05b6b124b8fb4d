from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, intake_findings, rule
from pipeline.core.model import Packet


@rule("G-08", name="压缩包安全", severity="error", schemes="AB?",
      clause="（新增）“统一压缩为文件包”：压缩包须能安全解压，不含越界路径、链接或压缩炸弹。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: archive members whose names try to leave the unpack folder ("../",
    absolute paths, drive letters), symbolic links, archives nested deeper than the limit,
    and members that unpack past the size, ratio or count limits ("zip bombs").
    When unsure: reports what the archive itself declares (paths, links, sizes); it never
    guesses.
    Why: not in REQUIREMENTS.md; added because the forms ask for one compressed package
    and yushen opens packages from strangers unattended. Nothing is written by member name,
    so an unsafe name is reported and read under a cleaned name; a bomb is stopped.
    Failing example: a zip member "../../etc/passwd".
    Passing example: an ordinary zip of the packet's Word files.
    Config: YUSHEN_ARCHIVE_MAX_TOTAL_BYTES, _MAX_MEMBER_BYTES, _MAX_RATIO, _MAX_DEPTH,
    _MAX_MEMBERS.
    """
    yield from intake_findings(ctx, "G-08")
