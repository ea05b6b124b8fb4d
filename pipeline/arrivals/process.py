"""One way through for every packet that arrives: `process_arrival`.

The command line (one packet or a batch), the drop folder, the mailbox, a web upload and
the Prefect flows all take the same steps, in this order:

1. intake (stored, unpacked, sniffed, converted);
2. when the caller asks (drop folder, mailbox): a packet of exactly these files checked
   before gets only its receipt, linked to that check; no second check;
3. the check itself (pipeline/engine/run.py): read, classify, run the rules; a pure function;
4. reviewers' waivers and the applicant's history applied (pipeline/records/decisions.py);
5. the reports written;
6. the packet, its arrival and the result recorded (pipeline/records/ledger.py), in one
   transaction with whatever the caller must commit with it (the mailbox marks its
   messages there).

Steps 4 and 6 need the store. An arrival from the command line is still checked when the
store cannot be reached (a PostgreSQL server down): the result is then the check's own,
without waivers and history, and is not recorded; a warning says so. The drop folder, the
mailbox and the web page need the record (it is what makes them take each arrival once),
so there an unreachable store is an error of that arrival.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from pipeline.core.model import ClassifiedDocument, Packet, SourceFile
from pipeline.core.result import CheckResult, Deficiency
from pipeline.core.settings import Settings
from pipeline.intake.receive import IntakeResult, intake

log = logging.getLogger("yushen.arrivals")

# reads a packet's files: (sources, settings) -> (documents, unreadable); the flows read
# them as Prefect tasks, the web page reports progress
Reader = Callable[[list[SourceFile], Settings], tuple[list[ClassifiedDocument], list[Deficiency]]]
# runs in the recording transaction: (session, the result; None when the same files were
# checked before and only this arrival's receipt is recorded)
Within = Callable[[Session, CheckResult | None], None]


@dataclass
class Arrival:
    result: CheckResult | None  # None: exactly these files were checked before
    packet: Packet | None = None
    same_as: str | None = None  # that earlier check's report folder
    reports: list[Path] = field(default_factory=list)
    result_id: int | None = None  # the recorded result's row; None when not recorded


class StoreUnavailable(RuntimeError):
    """The store could not be read or written (caught for command-line arrivals)."""


def process_arrival(source: Path | IntakeResult, settings: Settings, *, origin: str,
                    ref: str, report_dir: Path | None = None, read: Reader | None = None,
                    skip_known: bool = False, within: Within | None = None,
                    record: bool = True, store_optional: bool = False) -> Arrival:
    """Check one arrival and keep what follows from it (see the module's docstring).
    `origin` and `ref` name the arrival (cli / inbox / mailbox / web / flow and its path,
    entry, message or token); `within(session, result)` runs in the recording transaction
    (result None: the same files were checked before); `record`: keep the result in the ledger (a check printed to the terminal
    only, with no report folder, is not kept there; waivers and history still apply);
    `store_optional`: check and report even when the store cannot be reached."""
    from pipeline.engine.run import extract_documents, finish_check

    intaken = source if isinstance(source, IntakeResult) else intake(source, settings)
    if skip_known:
        known, same_as = _earlier_check(settings, intaken, origin, ref, within)
        if known:
            return Arrival(None, same_as=same_as)
    documents, unreadable = (read or extract_documents)(intaken.sources, settings)
    packet, result = finish_check(intaken, documents, unreadable, settings)
    stored = True
    try:
        result = _decided(result, packet, settings)
    except StoreUnavailable as exc:
        if not store_optional:
            raise
        stored = False
        log.warning("数据库无法访问（%s）：本次检查未应用豁免与历史比较，也未登记。", exc)
    arrival = Arrival(result, packet)
    if report_dir is not None:
        from pipeline.outputs.report import write_reports

        arrival.reports = write_reports(result, report_dir, packet, settings)
    if stored and record:
        try:
            arrival.result_id = _record(settings, packet, result, origin, ref, report_dir,
                                        within)
        except StoreUnavailable as exc:
            if not store_optional:
                raise
            log.warning("数据库无法访问（%s）：本次检查结果未登记。", exc)
    return arrival


def _decided(result: CheckResult, packet: Packet, settings: Settings) -> CheckResult:
    from pipeline.records.decisions import apply_decisions

    try:
        return apply_decisions(result, settings)
    except (SQLAlchemyError, OSError) as exc:
        raise StoreUnavailable(_reason(exc)) from exc


def _earlier_check(settings: Settings, intaken: IntakeResult, origin: str, ref: str,
                   within: Within | None) -> tuple[bool, str | None]:
    """Whether exactly these files were checked before, and that check's report folder;
    when they were, this arrival's receipt is recorded (and `within` run) in one
    transaction."""
    from pipeline.core.identity import sources_digest
    from pipeline.records.db import open_store
    from pipeline.records.ledger import previous_check, record_same_content

    with open_store(settings.db_url).session() as s:
        earlier = previous_check(s, sources_digest(intaken.sources))
        if earlier is None:
            return False, None
        record_same_content(s, earlier[0], origin, ref)
        if within:
            within(s, None)
        return True, earlier[1].report_dir


def _record(settings: Settings, packet: Packet, result: CheckResult, origin: str, ref: str,
            report_dir: Path | None, within: Within | None) -> int:
    from pipeline.records.db import open_store, retry_on_conflict
    from pipeline.records.ledger import record_check

    def write() -> int:
        with open_store(settings.db_url).session() as s:
            row = record_check(s, packet, result, origin, ref, report_dir)
            if within:
                within(s, result)
            return row.id

    try:
        return retry_on_conflict(write)
    except (SQLAlchemyError, OSError) as exc:
        raise StoreUnavailable(_reason(exc)) from exc


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
