from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet
from pipeline.forms.edition import edition_of
from pipeline.intake.sniff import KIND_ZH


@rule("G-01", name="电子版须为Word格式", severity="warning", schemes="AB",
      clause="电子版：请提供Word格式")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: each part the applicant writes (A: 申请书, 承诺书, 推荐材料, 工作报告;
    B: 经营承诺书, 申报承诺书, 申请表, 实践报告) arrives as a Word file. A .doc is read after
    conversion and gets a notice; a .wps, PDF or image supplied instead of the Word file is a
    warning (still read and checked). A PDF or scan in addition to the Word file is fine.
    When unsure: reads the file's real type (sniffed, not the extension); a PDF or scan
    beside the part's Word file is no finding.
    Why: "电子版：请提供Word格式".
    Failing example: 承诺书 only as "承诺书.jpg".
    Passing example: every part the applicant writes as a .docx file.
    Config: none.
    """
    assert packet.scheme is not None
    edition = edition_of(packet)
    for part in edition.word_parts[packet.scheme]:
        docs = packet.documents_with(part)
        if not docs:
            continue  # G-07 reports a missing part
        kinds = {d.source.kind for d in docs}
        if "docx" in kinds:
            continue
        full = edition.part_full_names[part]
        if "doc" in kinds:
            doc = next(d for d in docs if d.source.kind == "doc")
            yield Finding(f"{full}为 Word 97-2003 格式（.doc），已转换后读取；建议提供 .docx。",
                          severity="notice", file=doc.source.name, part=part)
            continue
        for doc in docs:
            kind = KIND_ZH.get(doc.source.kind, doc.source.kind)
            yield Finding(f"{full}只提供了{kind}，未提供 Word 格式电子版；已按该文件检查，"
                          "请补交 Word 版。", file=doc.source.name, part=part,
                          evidence=f"文件类型：{kind}")
