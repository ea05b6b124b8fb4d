"""What the pages show, read from the store: the applicant list with its filters, one
applicant's packet versions, one result as it stands now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.core.result import CheckResult
from pipeline.core.settings import Settings
from pipeline.records.db import Applicant, PacketRow, Receipt, ResultRow, Review
from pipeline.records.decisions import with_current_waivers

ORIGIN_ZH = {"mailbox": "邮箱", "inbox": "收件文件夹", "web": "网页上传", "cli": "命令行",
             "flow": "批处理流程"}


@dataclass
class ApplicantRow:
    applicant: Applicant
    packets: int
    latest: ResultRow | None
    reviewed: bool


@dataclass
class PacketVersion:
    packet: PacketRow
    receipts: list[Receipt] = field(default_factory=list)
    results: list[ResultRow] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)


def _latest_results(session: Session) -> dict[int, tuple[ResultRow, PacketRow]]:
    latest: dict[int, tuple[ResultRow, PacketRow]] = {}
    rows = session.execute(select(ResultRow, PacketRow).join(PacketRow,
                                                             ResultRow.packet_id == PacketRow.id)
                           .order_by(ResultRow.id)).all()
    for result, packet in rows:
        if packet.applicant_id is not None:
            latest[packet.applicant_id] = (result, packet)
    return latest


def applicant_rows(session: Session, q: str = "", scheme: str = "", category: str = "",
                   verdict: str = "", date_from: dt.date | None = None,
                   date_to: dt.date | None = None) -> list[ApplicantRow]:
    """Applicants, newest activity first, filtered. A committee sees hundreds of applicants
    a year: filtering in Python over one query each is plenty."""
    latest = _latest_results(session)
    counts: dict[int, int] = {}
    for p in session.scalars(select(PacketRow)):
        if p.applicant_id is not None:
            counts[p.applicant_id] = counts.get(p.applicant_id, 0) + 1
    reviewed = {r.packet_id for r in session.scalars(select(Review))}
    out = []
    for a in session.scalars(select(Applicant).order_by(Applicant.last_seen.desc())):
        result, packet = latest.get(a.id, (None, None))
        if q and q.strip() not in (a.name or a.key):
            continue
        if (scheme and a.scheme != scheme) or (category and a.category != category):
            continue
        if verdict and (result is None or result.verdict != verdict):
            continue
        day = result.checked_at.date() if result else None
        if (date_from and (day is None or day < date_from)) or \
                (date_to and (day is None or day > date_to)):
            continue
        out.append(ApplicantRow(a, counts.get(a.id, 0), result,
                                packet is not None and packet.id in reviewed))
    return out


@dataclass
class ListFilters:
    """The applicant list's filters, from the query string (the page and its XLSX)."""

    q: str = ""
    scheme: str = ""
    category: str = ""
    verdict: str = ""
    date_from: str = ""
    date_to: str = ""

    @staticmethod
    def _date(text: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(text) if text else None
        except ValueError:
            return None

    def rows(self, session: Session) -> list[ApplicantRow]:
        return applicant_rows(session, self.q, self.scheme, self.category, self.verdict,
                              self._date(self.date_from), self._date(self.date_to))


def applicant_versions(session: Session, applicant_id: int) -> list[PacketVersion]:
    versions = []
    for p in session.scalars(select(PacketRow).filter_by(applicant_id=applicant_id)
                             .order_by(PacketRow.version.desc())):
        versions.append(PacketVersion(
            p, list(session.scalars(select(Receipt).filter_by(packet_id=p.id))),
            list(session.scalars(select(ResultRow).filter_by(packet_id=p.id)
                                 .order_by(ResultRow.id.desc()))),
            list(session.scalars(select(Review).filter_by(packet_id=p.id)))))
    return versions


def current_result(row: ResultRow, settings: Settings) -> CheckResult:
    return with_current_waivers(CheckResult.model_validate_json(row.result_json), settings)


def filter_values(session: Session) -> dict[str, list[str]]:
    """The choices the filters offer: what the store holds."""
    applicants = list(session.scalars(select(Applicant)))
    return {"category": sorted({a.category for a in applicants if a.category}),
            "verdict": ["可受理", "需补正", "不予受理"]}
