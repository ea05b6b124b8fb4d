"""What is remembered between runs, per applicant: reviewers' waivers, and the deficiencies
of each packet the applicant sent, so that a resubmission shows what was fixed.

Both live as JSON under the data folder (decisions/). A deficiency is known again by its
`id` (rule, part, file name, place, message); across two packets of one applicant, where
file names and figures change, by its rule, part and message without digits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path, PurePosixPath

from pipeline.model import Packet
from pipeline.parse import normalise_company
from pipeline.result import CheckResult, Deficiency, Waiver
from pipeline.settings import Settings


def deficiency_id(d: Deficiency) -> str:
    name = PurePosixPath(d.file).name if d.file else ""
    raw = "|".join((d.rule_id, d.part or "", name, d.location or "", d.message))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


def change_key(d: Deficiency) -> str:
    """The same problem in a later packet: figures and file names may differ."""
    return "|".join((d.rule_id, d.part or "", re.sub(r"[\d.,%]+", "#", d.message)))


def applicant_key(applicant: str | None, packet_name: str) -> str:
    return normalise_company(applicant) if applicant else f"packet:{packet_name}"


def packet_digest(packet: Packet) -> str:
    return hashlib.sha256("".join(sorted(s.sha256 for s in packet.sources)).encode()).hexdigest()


class Decisions:
    """The decisions folder: waivers.json and history.json, written atomically."""

    def __init__(self, settings: Settings) -> None:
        self.folder = settings.data_dir / "decisions"

    def _read(self, name: str) -> dict:
        path = self.folder / name
        if not path.exists():
            return {}
        return json.loads(path.read_text(encoding="utf-8"))

    def _write(self, name: str, data: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{name}.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.folder / name)

    def waive(self, applicant: str, deficiency: str, reason: str, by: str | None) -> Waiver:
        waivers = self._read("waivers.json")
        waiver = Waiver(reason=reason, by=by, at=dt.datetime.now().isoformat(timespec="seconds"))
        waivers.setdefault(applicant, {})[deficiency] = waiver.model_dump()
        self._write("waivers.json", waivers)
        return waiver

    def waivers(self, applicant: str) -> dict[str, Waiver]:
        return {k: Waiver(**v) for k, v in self._read("waivers.json").get(applicant, {}).items()}

    def remember(self, applicant: str, digest: str, packet_name: str,
                 deficiencies: list[Deficiency]) -> dict | None:
        """Store this packet's deficiencies; return the applicant's last other packet."""
        history = self._read("history.json")
        runs = [r for r in history.get(applicant, []) if r["digest"] != digest]
        previous = runs[-1] if runs else None
        runs.append({"digest": digest, "packet": packet_name,
                     "at": dt.datetime.now().isoformat(timespec="seconds"),
                     "deficiencies": [d.model_dump(exclude={"crop"}) for d in deficiencies]})
        history[applicant] = runs
        self._write("history.json", history)
        return previous


def apply_decisions(deficiencies: list[Deficiency], packet: Packet, settings: Settings
                    ) -> tuple[str | None, list[Deficiency]]:
    """Give each deficiency its id, its waiver and its change against the applicant's
    previous packet; return (that packet's name, what it had that is now fixed)."""
    store = Decisions(settings)
    applicant = applicant_key(packet.applicant, packet.name)
    waivers = store.waivers(applicant)
    for d in deficiencies:
        d.id = deficiency_id(d)
        d.waived = waivers.get(d.id)
    previous = store.remember(applicant, packet_digest(packet), packet.name, deficiencies)
    if previous is None:
        return None, []
    before = [Deficiency(**d) for d in previous["deficiencies"]]
    old_keys = {change_key(d) for d in before}
    now_keys = {change_key(d) for d in deficiencies}
    for d in deficiencies:
        d.change = "remaining" if change_key(d) in old_keys else "new"
    return previous["packet"], [d for d in before if change_key(d) not in now_keys]


def waive_from_report(report: Path, deficiency: str, reason: str, by: str | None,
                      settings: Settings) -> tuple[str, Deficiency]:
    """Record a waiver for the deficiency `deficiency` (its id) of a written report.json."""
    result = CheckResult.model_validate_json(report.read_text(encoding="utf-8"))
    match = next((d for d in result.deficiencies if d.id == deficiency), None)
    if match is None:
        from pipeline.errors import YushenError

        raise YushenError(f"报告中没有编号为 {deficiency} 的问题：{report}")
    applicant = applicant_key(result.applicant, result.packet)
    Decisions(settings).waive(applicant, deficiency, reason, by)
    return applicant, match
