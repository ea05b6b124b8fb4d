"""The drop folder: secretaries copy packets in (an archive, a folder or a single file);
each one is checked once and moved, with its reports, to the processed area.

- Still arriving: an entry any part of which changed within `inbox_settle_s` is left for
  the next poll. Change is judged by the inode change time (ctime), which every write moves
  and which a copy cannot set back the way it preserves the modification time. Names that
  copy tools and Office use while writing (*.part, *.crdownload, *.tmp, ~$*, .~lock*) and
  hidden names are never taken.
- Taken once: an entry is first renamed into a ticket folder under .yushen-processing/ in
  the drop folder (an atomic rename on the same file system), so two polls can never take
  it both; it keeps its own name there.
- Resumable: an entry left in .yushen-processing/ by a killed run is taken first next time;
  if its result was already recorded it is only moved on.
- Moved with its result: processed/DATE/NAME/ holds 原件/ (the entry, unchanged) and 报告/.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import shutil
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.arrivals.process import process_arrival
from pipeline.core.result import CheckResult
from pipeline.core.settings import Settings
from pipeline.core.textnorm import safe_name
from pipeline.records.db import open_store
from pipeline.records.ledger import receipt_for

log = logging.getLogger("yushen.inbox")
ORIGIN = "inbox"
CLAIMED = ".yushen-processing"
_WRITING_SUFFIXES = (".part", ".crdownload", ".tmp", ".download", ".partial", ".filepart")
_WRITING_PREFIXES = ("~$", ".~lock", ".")


@dataclass
class InboxOutcome:
    entry: str  # the name the secretary gave it
    folder: Path  # processed/DATE/NAME
    result: CheckResult | None = None
    failure: str | None = None
    already_recorded: bool = False
    same_as: str | None = None  # the report of an earlier packet with exactly these files

    @property
    def report_dir(self) -> Path:
        return self.folder / "报告"


def _being_written(name: str) -> bool:
    return name.startswith(_WRITING_PREFIXES) or name.lower().endswith(_WRITING_SUFFIXES)


def _last_change(entry: Path) -> float | None:
    """The newest ctime in the entry; None when it holds a file still being written."""
    newest = entry.lstat().st_ctime
    if entry.is_dir() and not entry.is_symlink():
        for root, dirs, files in os.walk(entry):
            for name in dirs + files:
                if _being_written(name) and not name.startswith("."):
                    return None
                newest = max(newest, (Path(root) / name).lstat().st_ctime)
    return newest


def settled_entries(settings: Settings, clock: float | None = None) -> list[Path]:
    """The entries of the drop folder that have stopped changing, oldest first."""
    folder = settings.drop_dir
    if not folder.is_dir():
        return []
    now = time.time() if clock is None else clock
    ready = []
    for entry in folder.iterdir():
        if _being_written(entry.name) or entry.is_symlink():
            continue
        if entry.is_dir() and not any(entry.iterdir()):
            continue  # a folder just made, its files not yet copied
        changed = _last_change(entry)
        if changed is not None and now - changed >= settings.inbox_settle_s:
            ready.append((changed, entry))
    return [e for _, e in sorted(ready)]


def claim(settings: Settings, entry: Path) -> Path:
    """Take the entry out of the drop folder before anything else is done with it. It keeps
    its name (reports and deficiency ids carry it), inside a ticket folder of its own."""
    ticket = settings.drop_dir / CLAIMED / f"{dt.datetime.now():%Y%m%d-%H%M%S-%f}"
    ticket.mkdir(parents=True)
    target = ticket / entry.name
    entry.rename(target)
    return target


def claimed_entries(settings: Settings) -> list[Path]:
    """Entries taken by a run that did not finish them (killed), oldest first."""
    area = settings.drop_dir / CLAIMED
    found = []
    for ticket in sorted(area.iterdir()) if area.is_dir() else []:
        if not ticket.is_dir():
            continue  # the folder lock
        inside = list(ticket.iterdir())
        if inside:
            found.append(inside[0])
        else:
            ticket.rmdir()  # moved on already; only the ticket was left
    return found


def _processed_folder(settings: Settings, claimed: Path) -> Path:
    """processed/DATE/HHMMSS_NAME, the same folder for every attempt at one claim (a
    marker file tells a resumed claim from another entry of that name in that second)."""
    stamp = claimed.parent.name  # YYYYMMDD-HHMMSS-ffffff
    day = settings.processed_dir / f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"
    name = safe_name(Path(claimed.name).stem if claimed.is_file() else claimed.name)
    folder = day / f"{stamp[9:15]}_{name}"
    marker = folder / ".claim"
    if folder.exists() and (not marker.exists() or marker.read_text() != stamp):
        folder = day / f"{stamp[9:15]}_{name}_{stamp[16:]}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".claim").write_text(stamp, encoding="utf-8")
    return folder


def _check_new(settings: Settings, claimed: Path, ref: str, outcome: InboxOutcome) -> None:
    """Check a claimed entry and record it, or, when exactly these files were checked
    before (a second copy), link it to that check."""
    arrival = process_arrival(claimed, settings, origin=ORIGIN, ref=ref,
                              report_dir=outcome.report_dir, skip_known=True)
    outcome.result, outcome.same_as = arrival.result, arrival.same_as
    if arrival.same_as is not None:
        outcome.report_dir.mkdir(parents=True, exist_ok=True)
        (outcome.report_dir / "已检查过.txt").write_text(
            f"“{outcome.entry}”与已检查过的材料包内容完全相同，未重复检查。\n"
            f"报告：{outcome.same_as}\n", encoding="utf-8")


def _note_failure(outcome: InboxOutcome) -> None:
    log.exception("收件 %s 检查失败", outcome.entry)
    outcome.report_dir.mkdir(parents=True, exist_ok=True)
    (outcome.report_dir / "检查失败.txt").write_text(
        f"“{outcome.entry}”检查失败，原件已保存在 原件/ 中，请联系技术人员。\n\n"
        + traceback.format_exc(), encoding="utf-8")


def process_claimed(settings: Settings, claimed: Path) -> InboxOutcome:
    """Check one claimed entry, write its reports, record it, then move it on."""
    outcome = InboxOutcome(entry=claimed.name, folder=_processed_folder(settings, claimed))
    ref = f"{claimed.parent.name}/{claimed.name}"
    with open_store(settings.db_url).session() as s:
        outcome.already_recorded = receipt_for(s, ORIGIN, ref) is not None
    if not outcome.already_recorded:
        try:
            _check_new(settings, claimed, ref, outcome)
        except Exception as exc:  # noqa: BLE001 — one entry must not stop the drop folder
            outcome.failure = f"{type(exc).__name__}: {exc}"
            _note_failure(outcome)
    originals = outcome.folder / "原件"
    originals.mkdir(parents=True, exist_ok=True)
    shutil.move(str(claimed), str(originals / claimed.name))
    claimed.parent.rmdir()
    return outcome


LOCK_NAME = ".lock"  # in the claim area, beside the tickets


@contextmanager
def folder_lock(settings: Settings) -> Iterator[bool]:
    """True while this run alone works on the drop folder; False when another run (a
    `yushen inbox`, or a scheduled run that took longer than the interval) still does: the
    caller then leaves the folder to it instead of checking an entry twice."""
    area = settings.drop_dir / CLAIMED
    area.mkdir(parents=True, exist_ok=True)
    with open(area / LOCK_NAME, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("收件文件夹正由另一轮检查处理，本轮跳过")
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def poll_once(settings: Settings, progress: Callable[[int, int, str], None] | None = None
              ) -> list[InboxOutcome]:
    """One pass over the drop folder (the CLI; flows/inbox.py runs the same steps); nothing
    while another pass holds the folder."""
    with folder_lock(settings) as mine:
        return _poll(settings, progress) if mine else []


def _poll(settings: Settings, progress: Callable[[int, int, str], None] | None
          ) -> list[InboxOutcome]:
    say = progress or (lambda _n, _total, _text: None)
    work = claimed_entries(settings) + [claim(settings, e) for e in settled_entries(settings)]
    outcomes = []
    for n, claimed in enumerate(work, 1):
        say(n, len(work), f"检查 {claimed.name}")
        outcomes.append(process_claimed(settings, claimed))
    return outcomes
