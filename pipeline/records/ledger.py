"""What was received and what was found: a checked packet written to the store.

`record_check` runs inside the caller's transaction, so that "this message is processed"
and "its packet and result are stored" are committed together or not at all.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.core.identity import applicant_key
from pipeline.core.model import Packet
from pipeline.core.result import CheckResult
from pipeline.core.textnorm import fit
from pipeline.records.db import (
    Applicant,
    DocumentRow,
    PacketRow,
    Receipt,
    ResultRow,
    now,
)

REF_LENGTH = 700  # Receipt.ref's column: a command-line arrival's ref is its full path


def receipt_for(session: Session, origin: str, ref: str) -> Receipt | None:
    return session.scalar(select(Receipt).filter_by(origin=origin, ref=fit(ref, REF_LENGTH)))


def previous_check(session: Session, digest: str) -> tuple[PacketRow, ResultRow] | None:
    """The latest result of a packet with exactly these files, if it was checked before."""
    row = session.scalar(select(PacketRow).filter_by(digest=digest))
    if row is None:
        return None
    result = session.scalar(select(ResultRow).filter_by(packet_id=row.id)
                            .order_by(ResultRow.id.desc()).limit(1))
    return (row, result) if result is not None else None


def record_same_content(session: Session, packet: PacketRow, origin: str, ref: str) -> None:
    """A new arrival of an already checked packet (a resent e-mail, a second copy in the
    drop folder): only its receipt, linked to that packet; no second check, no new result."""
    if receipt_for(session, origin, ref) is None:
        session.add(Receipt(packet_id=packet.id, origin=origin, ref=fit(ref, REF_LENGTH)))
        session.flush()


def _applicant(session: Session, result: CheckResult) -> Applicant:
    key = applicant_key(result.applicant, result.digest)
    assert key is not None  # with a digest there is always a key
    row = session.scalar(select(Applicant).filter_by(key=key))
    if row is None:
        row = Applicant(key=key)
        session.add(row)
    row.name = result.applicant or row.name
    row.scheme, row.category, row.level = result.scheme, result.category, result.level
    row.last_seen = now()
    session.flush()
    return row


def _packet(session: Session, packet: Packet, result: CheckResult, applicant: Applicant
            ) -> PacketRow:
    digest = result.digest  # the check's digest of the packet's files
    assert digest is not None
    row = session.scalar(select(PacketRow).filter_by(digest=digest))
    if row is not None:
        return row
    earlier = session.scalar(select(func.count()).select_from(PacketRow)
                             .filter_by(applicant_id=applicant.id)) or 0
    row = PacketRow(digest=digest, applicant_id=applicant.id, name=packet.name,
                    version=earlier + 1)
    session.add(row)
    session.flush()
    session.add_all(DocumentRow(packet_id=row.id, file=s.name, sha256=s.sha256, kind=s.kind,
                                part=next((d.part for d in result.documents
                                           if d.file == s.name), None))
                    for s in packet.sources)
    return row


def record_check(session: Session, packet: Packet, result: CheckResult, origin: str, ref: str,
                 report_dir: Path | None) -> ResultRow:
    """Store the packet (once per content), how it arrived (once per origin and ref) and
    this check's result."""
    applicant = _applicant(session, result)
    row = _packet(session, packet, result, applicant)
    receipt = receipt_for(session, origin, ref)
    if receipt is None:
        receipt = Receipt(packet_id=row.id, origin=origin, ref=fit(ref, REF_LENGTH))
        session.add(receipt)
        session.flush()
    checked = ResultRow(packet_id=row.id, receipt_id=receipt.id, verdict=result.verdict,
                        errors=result.counts["error"], warnings=result.counts["warning"],
                        notices=result.counts["notice"],
                        report_dir=str(report_dir) if report_dir else None,
                        result_json=result.model_dump_json())
    session.add(checked)
    session.flush()
    return checked
