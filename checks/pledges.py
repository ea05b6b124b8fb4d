"""Compare a pledge part with the official commitments: present, and unaltered."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from checks.registry import Context, Finding, rule
from checks.sealing import seal_findings, signature_findings
from pipeline.core.model import Block, Packet
from pipeline.core.textnorm import compact, strip_numbering
from pipeline.forms.edition import edition_of, load_edition

SAME = 0.97  # above: unaltered (allows a stray space or full/half-width comma)
SIMILAR = 0.6  # between: present but altered; below: missing


@dataclass
class PledgeResult:
    number: int
    official: str
    found: Block | None
    ratio: float


def _norm(text: str) -> str:
    return compact(strip_numbering(text))


# where a numbered commitment starts inside a paragraph that holds several: "三、…。四、…"
_NUMBERED = re.compile(r"(?<=[。；;！!])\s*(?=(?:[一二三四五六七八九十]{1,3}|\d{1,2})[、.．])")


def compare(blocks: list[Block], official: list[str]) -> list[PledgeResult]:
    """Best match of each official commitment among single paragraphs, runs of up to three
    consecutive paragraphs (Word files often break one commitment over two lines) and the
    numbered commitments inside a paragraph that holds several."""
    candidates: list[tuple[str, Block]] = []
    for i, block in enumerate(blocks):
        if not compact(block.text):
            continue
        joined = ""
        for follower in blocks[i : i + 3]:  # one paragraph, or up to three scan lines
            joined += follower.text
            candidates.append((_norm(joined), block))
        pieces = _NUMBERED.split(block.text)
        if len(pieces) > 1:
            candidates += [(_norm(piece), block) for piece in pieces if compact(piece)]
    results = []
    for n, text in enumerate(official, start=1):
        want = _norm(text)
        best, best_ratio = None, 0.0
        for cand, block in candidates:
            ratio = difflib.SequenceMatcher(None, want, cand, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = block, ratio
        results.append(PledgeResult(n, text, best, best_ratio))
    return results


def pledge_findings(packet: Packet, part: str, official: list[str], title: str
                    ) -> Iterator[tuple[str, Block | None, str, bool]]:
    """(message, where, evidence, from_scan) for each missing or altered commitment.
    On a scan, OCR errors look like edits: `from_scan` lets the rule lower the severity."""
    for doc in packet.word_first(part)[:1]:
        blocks = [i for i in doc.items_of(part) if isinstance(i, Block)]
        scan = bool(doc.document.ocr_pages)
        for result in compare(blocks, official):
            numeral = result.official.split("、")[0]
            if result.ratio >= SAME:
                continue
            if result.ratio < SIMILAR or result.found is None:
                yield (f"{title}缺少第{numeral}条承诺。", None, result.official, scan)
            elif not scan:  # on a scan, OCR errors look like edits: only absence is reported
                yield (f"{title}第{numeral}条承诺与规定文本不一致（相似度 {result.ratio:.0%}）。",
                       result.found, f"规定：{result.official}\n实际：{result.found.text.strip()}",
                       scan)


_DOC = """
    What it checks: the {count} commitments of the {title} are all present and unaltered,
    each compared with the official text (numbering and spacing ignored; a commitment
    split over up to three paragraphs or scan lines is joined). A commitment that matches less than 60 % is
    missing; one that matches 60–97 % was altered, and the finding shows both texts. On a
    scan only missing commitments are reported: OCR errors look like edits.
    {marks}
    When unsure: as the pledge rules: commitments are compared with folded punctuation and
    width; on a scan only a missing commitment is reported, never a wording difference
    (OCR).
    Why: the commitments are the pledge's content; an edited pledge is not the pledge.
    Failing example: commitment 三 deleted.
    Passing example: the text of the form, unaltered.
    Config: none.
    """


def pledge_rule(rule_id: str, *, scheme: str, part: str, title: str, official: str,
                clause: str, signed: bool = False) -> Callable[[Packet, Context], Iterator[Finding]]:
    """Register the rule that compares `part` with its official commitments (`official`: their
    name in the edition's pledges.toml) and checks its seal (and, when `signed`, its
    signature)."""

    def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
        docs = packet.documents_with(part)
        fallback = docs[0].source.name if docs else None
        commitments = getattr(edition_of(packet).pledges, official)
        for message, block, evidence, _scan in pledge_findings(packet, part, commitments,
                                                               title):
            yield Finding(message, location=block.location if block else None,
                          file=None if block else fallback, evidence=evidence)
        yield from seal_findings(packet, part, title)
        if signed:
            yield from signature_findings(packet, part, title)

    marks = ("The company seal must be on some copy (checks/sealing.py: error when missing, "
             "notice when away from its label)" + (
                 "; so must a signature (error when empty, warning for a typed name)"
                 if signed else "") + "; the date is G-04's.")
    count = len(getattr(load_edition().pledges, official))
    check.__doc__ = _DOC.format(count=count, title=title, marks=marks)
    return rule(rule_id, name=f"{title}承诺条款", severity="error", schemes=scheme, part=part,
                clause=clause)(check)
