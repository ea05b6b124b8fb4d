"""What is remembered between runs, per applicant: reviewers' waivers, and the deficiencies
of each packet the applicant sent, so that a resubmission shows what was fixed.

Both live in the store (pipeline/records/db.py: SQLite under the data folder by default). A deficiency is known again by its
`id` (rule, part, file name, place, message); across two packets of one applicant, where
file names and figures change, by its rule, part and message without digits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from pipeline.core.identity import applicant_key, change_key
from pipeline.core.result import CheckResult, Deficiency, Waiver
from pipeline.core.settings import Settings
from pipeline.records.db import retry_on_conflict


class Decisions:
    """Waivers and the deficiency history, in the store (pipeline/records/db.py)."""

    def __init__(self, settings: Settings) -> None:
        from pipeline.records.db import open_store

        self.store = open_store(settings.db_url)
        self._import_json(settings.data_dir / "decisions")

    def _import_json(self, folder: Path) -> None:
        """Waivers and history that earlier versions kept in decisions/*.json are taken into
        the store once; the files are then renamed *.imported, never deleted."""
        import json

        from pipeline.records.db import HistoryRow, WaiverRow

        waivers, history = folder / "waivers.json", folder / "history.json"
        if not (waivers.exists() or history.exists()):
            return
        with self.store.session() as s:
            if waivers.exists():
                for applicant, items in json.loads(waivers.read_text(encoding="utf-8")).items():
                    for deficiency, w in items.items():
                        if s.scalar(select(WaiverRow).filter_by(
                                applicant_key=applicant, deficiency_id=deficiency)) is None:
                            s.add(WaiverRow(applicant_key=applicant, deficiency_id=deficiency,
                                            reason=w["reason"], by=w.get("by"), at=w["at"]))
            if history.exists():
                for applicant, runs in json.loads(history.read_text(encoding="utf-8")).items():
                    for seq, run in enumerate(runs, 1):
                        if s.scalar(select(HistoryRow).filter_by(
                                applicant_key=applicant, digest=run["digest"])) is None:
                            s.add(HistoryRow(applicant_key=applicant, digest=run["digest"],
                                             packet=run["packet"], at=run["at"], seq=seq,
                                             deficiencies=run["deficiencies"]))
        for path in (waivers, history):
            if path.exists():
                path.rename(path.with_name(path.name + ".imported"))

    def waive(self, applicant: str, deficiency: str, reason: str, by: str | None) -> Waiver:
        from pipeline.records.db import WaiverRow

        waiver = Waiver(reason=reason, by=by, at=dt.datetime.now().isoformat(timespec="seconds"))

        def write() -> None:
            with self.store.session() as s:
                row = s.scalar(select(WaiverRow).filter_by(applicant_key=applicant,
                                                           deficiency_id=deficiency))
                if row is None:
                    row = WaiverRow(applicant_key=applicant, deficiency_id=deficiency)
                    s.add(row)
                row.reason, row.by, row.at = waiver.reason, waiver.by, waiver.at

        retry_on_conflict(write)
        return waiver

    def waivers(self, applicant: str) -> dict[str, Waiver]:
        from pipeline.records.db import WaiverRow

        with self.store.session() as s:
            rows = s.scalars(select(WaiverRow).filter_by(applicant_key=applicant)).all()
            return {r.deficiency_id: Waiver(reason=r.reason, by=r.by, at=r.at) for r in rows}

    def remember(self, applicant: str, digest: str, packet_name: str,
                 deficiencies: list[Deficiency]) -> dict | None:
        """Store this packet's deficiencies; return the applicant's last other packet."""
        from pipeline.records.db import HistoryRow

        found = [d.model_dump(mode="json", exclude={"crop"}) for d in deficiencies]

        def write() -> dict | None:
            with self.store.session() as s:
                runs = s.scalars(select(HistoryRow).filter_by(applicant_key=applicant)
                                 .order_by(HistoryRow.seq)).all()
                others = [r for r in runs if r.digest != digest]
                previous = ({"packet": others[-1].packet, "deficiencies": others[-1].deficiencies}
                            if others else None)
                row = next((r for r in runs if r.digest == digest), None)
                if row is None:
                    row = HistoryRow(applicant_key=applicant, digest=digest)
                    s.add(row)
                row.packet = packet_name
                row.at = dt.datetime.now().isoformat(timespec="seconds")
                row.seq = max((r.seq for r in runs), default=0) + 1
                row.deficiencies = found
            return previous

        return retry_on_conflict(write)


def apply_decisions(result: CheckResult, settings: Settings) -> CheckResult:
    """The checked result with reviewers' decisions and the applicant's history applied:
    each deficiency's waiver, its change against the applicant's previous packet (which
    this check then becomes), that packet's name and what it had that is now fixed; counts
    and verdict worked out again. Reads and writes the store; the check itself does not
    (pipeline/engine/run.py), so a check runs without a database and this is applied around it
    (pipeline/arrivals/process.py)."""
    decided = with_current_waivers(result, settings)
    applicant = applicant_key(decided.applicant, decided.digest)
    if applicant is None:
        return decided
    deficiencies = decided.deficiencies
    previous = Decisions(settings).remember(applicant, decided.digest, decided.packet,
                                            deficiencies)
    if previous is None:
        return decided
    before = [Deficiency(**d) for d in previous["deficiencies"]]
    old_keys = {change_key(d) for d in before}
    now_keys = {change_key(d) for d in deficiencies}
    for d in deficiencies:
        d.change = "remaining" if change_key(d) in old_keys else "new"
    decided.previous_packet = previous["packet"]
    decided.fixed = [d for d in before if change_key(d) not in now_keys]
    return decided


def waive_from_report(report: Path, deficiency: str, reason: str, by: str | None,
                      settings: Settings) -> tuple[str, Deficiency]:
    """Record a waiver for the deficiency `deficiency` (its id) of a written report.json."""
    result = CheckResult.model_validate_json(report.read_text(encoding="utf-8"))
    match = next((d for d in result.deficiencies if d.id == deficiency), None)
    if match is None:
        from pipeline.core.errors import YushenError

        raise YushenError(f"报告中没有编号为 {deficiency} 的问题：{report}")
    applicant = applicant_key(result.applicant, result.digest)
    if applicant is None:
        from pipeline.core.errors import YushenError

        raise YushenError("该报告未识别申请单位，也没有材料内容摘要（较早版本的报告），无法豁免；"
                          "请重新检查该材料包后再豁免。")
    Decisions(settings).waive(applicant, deficiency, reason, by)
    return applicant, match


def with_current_waivers(result: CheckResult, settings: Settings) -> CheckResult:
    """A stored result as it stands now: reviewers' waivers since the check applied, its
    counts and verdict worked out again (a waiver takes effect without a new check)."""
    from pipeline.engine.run import tally

    current = result.model_copy(deep=True)
    key = applicant_key(current.applicant, current.digest)
    waivers = Decisions(settings).waivers(key) if key else {}
    for d in current.deficiencies:
        if d.id:
            d.waived = waivers.get(d.id)
    current.counts, current.verdict = tally(current.deficiencies, settings.reject_rule_ids)
    return current
