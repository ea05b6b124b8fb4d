"""What identifies a deficiency, a packet and an applicant across checks: pure functions
of the result, used by the check itself (each deficiency's id) and by the records kept
around it (waivers and history: pipeline/records/decisions.py; the ledger: pipeline/records/ledger.py)."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

from pipeline.core.model import Packet, SourceFile
from pipeline.core.parse import normalise_company
from pipeline.core.result import Deficiency
from pipeline.core.textnorm import fit


def deficiency_id(d: Deficiency) -> str:
    name = PurePosixPath(d.file).name if d.file else ""
    raw = "|".join((d.rule_id, d.part or "", name, d.location or "", d.message))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


def change_key(d: Deficiency) -> str:
    """The same problem in a later packet: figures and file names may differ."""
    return "|".join((d.rule_id, d.part or "", re.sub(r"[\d.,%]+", "#", d.message)))


KEY_LENGTH = 300  # Applicant.key's column


def applicant_key(applicant: str | None, digest: str | None) -> str | None:
    """Whose waivers and history a packet shares: its recognised applicant's. A packet whose
    applicant was not recognised shares them only with packets of exactly its files (two
    senders' "申报材料.zip" never do); without a digest, with nothing."""
    if applicant:
        return fit(normalise_company(applicant), KEY_LENGTH)
    return f"packet:{digest}" if digest else None


def sources_digest(sources: list[SourceFile]) -> str:
    """What makes two packets the same packet: the same received files (by content)."""
    return hashlib.sha256("".join(sorted(s.sha256 for s in sources)).encode()).hexdigest()


def packet_digest(packet: Packet) -> str:
    return sources_digest(packet.sources)
