from __future__ import annotations

from collections.abc import Iterator

from checks.pledges import pledge_findings
from checks.registry import Context, Finding, rule
from checks.texts import B_APPLY_PLEDGES
from pipeline.model import Packet


@rule("B-PLG-02", name="交通运输企业用户满意等级评价申报承诺书承诺条款", severity="error", schemes="B", part="申报承诺书",
      clause="交通运输企业用户满意等级评价申报承诺书：一、本单位自愿申请用户满意等级评价工作……六、自愿接受结果公示")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the six commitments of the 交通运输企业用户满意等级评价申报承诺书 are all present and unaltered,
    each compared with the official text (numbering and spacing ignored; a commitment
    split over two paragraphs is joined). A commitment that matches less than 60 % is
    missing; one that matches 60–97 % was altered, and the finding shows both texts. On a
    scan only missing commitments are reported: OCR errors look like edits.
    The seal, signature and date are checked with seals and signatures (issue 5) and G-04.
    Why: the 六 commitments are the pledge's content; an edited pledge is not the pledge.
    Failing example: commitment 三 deleted, or reworded.
    Passing example: the text of the form, unaltered.
    Config: none.
    """
    for message, block, evidence, _scan in pledge_findings(packet, "申报承诺书", B_APPLY_PLEDGES, "交通运输企业用户满意等级评价申报承诺书"):
        yield Finding(message, location=block.location if block else None,
                      file=None if block else _file(packet), evidence=evidence,
                      severity=None)


def _file(packet: Packet) -> str | None:
    docs = packet.documents_with("申报承诺书")
    return docs[0].source.name if docs else None
