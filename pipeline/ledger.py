"""What was received and what was found: a checked packet written to the store.

`record_check` runs inside the caller's transaction, so that "this message is processed"
and "its packet and result are stored" are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.db import (
    Applicant,
    DocumentRow,
    PacketRow,
    Receipt,
    ResultRow,
    now,
    open_store,
    retry_on_conflict,
)
from pipeline.decisions import applicant_key, packet_digest, sources_digest
from pipeline.model import Packet
from pipeline.result import CheckResult
from pipeline.settings import Settings


def receipt_for(session: Session, origin: str, ref: str) -> Receipt | None:
    return session.scalar(select(Receipt).filter_by(origin=origin, ref=ref))


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
        session.add(Receipt(packet_id=packet.id, origin=origin, ref=ref))
        session.flush()


def _applicant(session: Session, packet: Packet, result: CheckResult) -> Applicant:
    key = applicant_key(packet.applicant, packet_digest(packet))
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
    digest = packet_digest(packet)
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
    applicant = _applicant(session, packet, result)
    row = _packet(session, packet, result, applicant)
    receipt = receipt_for(session, origin, ref)
    if receipt is None:
        receipt = Receipt(packet_id=row.id, origin=origin, ref=ref)
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


@dataclass
class Arrival:
    result: CheckResult | None  # None: exactly these files were checked before
    same_as: str | None = None  # that check's report folder


def check_arrival(settings: Settings, path: Path, origin: str, ref: str, report_dir: Path,
                  within: Callable[[Session, bool], None] | None = None) -> Arrival:
    """One arrival (a mail packet, a drop-folder entry) checked once: stored and unpacked;
    when exactly these files were checked before, only its receipt is recorded; otherwise
    checked, its reports written to `report_dir`, recorded. `within(session, same_content)`
    runs in the recording transaction (the mailbox marks its messages there)."""
    from pipeline.intake import intake
    from pipeline.report import write_reports
    from pipeline.run import check_intaken

    store = open_store(settings.db_url)
    intaken = intake(path, settings)
    with store.session() as s:
        earlier = previous_check(s, sources_digest(intaken.sources))
        if earlier is not None:
            record_same_content(s, earlier[0], origin, ref)
            if within:
                within(s, True)
            return Arrival(None, earlier[1].report_dir)
    packet, result = check_intaken(intaken, settings)
    write_reports(result, report_dir, packet, settings)

    def record() -> None:
        with store.session() as s:
            record_check(s, packet, result, origin, ref, report_dir)
            if within:
                within(s, False)

    retry_on_conflict(record)
    return Arrival(result)
