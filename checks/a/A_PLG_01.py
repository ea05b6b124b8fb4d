from __future__ import annotations

from collections.abc import Iterator

from checks.pledges import pledge_findings
from checks.registry import Context, Finding, rule
from checks.texts import A_PLEDGES
from pipeline.model import Packet


@rule("A-PLG-01", name="市场质量信用承诺书承诺条款", severity="error", schemes="A", part="承诺书",
      clause="“承诺书”应由申报组织主要负责人签字，并加盖公章；承诺书所列七条承诺")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the seven commitments of the 市场质量信用承诺书 are all present and unaltered,
    each compared with the official text (numbering and spacing ignored; a commitment
    split over two paragraphs is joined). A commitment that matches less than 60 % is
    missing; one that matches 60–97 % was altered, and the finding shows both texts. On a
    scan only missing commitments are reported: OCR errors look like edits.
    The seal, signature and date are checked with seals and signatures (issue 5) and G-04.
    Why: the 七 commitments are the pledge's content; an edited pledge is not the pledge.
    Failing example: commitment 三 deleted, or reworded.
    Passing example: the text of the form, unaltered.
    Config: none.
    """
    for message, block, evidence, _scan in pledge_findings(packet, "承诺书", A_PLEDGES, "市场质量信用承诺书"):
        yield Finding(message, location=block.location if block else None,
                      file=None if block else _file(packet), evidence=evidence,
                      severity=None)


def _file(packet: Packet) -> str | None:
    docs = packet.documents_with("承诺书")
    return docs[0].source.name if docs else None
