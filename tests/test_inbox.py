"""The drop folder: settled entries only, each checked once, moved with its reports,
resumed after a kill, never lost."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.arrivals import dropfolder
from pipeline.core.settings import Settings
from pipeline.records.db import Receipt, ResultRow, open_store
from tests.mime_fixtures import sample_zip

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("YUSHEN_INBOX_DIR", str(tmp_path / "收件"))
    monkeypatch.setenv("YUSHEN_INBOX_PROCESSED_DIR", str(tmp_path / "已处理"))
    monkeypatch.setenv("YUSHEN_INBOX_SETTLE_S", "1.0")
    (tmp_path / "收件").mkdir()
    return Settings()


def _expected(prefix: str) -> list[str]:
    spec = next((SAMPLES / "expected").glob(prefix + "_*.json"))
    return json.loads(spec.read_text(encoding="utf-8"))["expected_rule_ids"]


def test_a_half_copied_archive_waits_and_is_then_checked_once(settings: Settings) -> None:
    data = sample_zip("B1")
    target = settings.drop_dir / "顺达城市公交有限公司申报材料.zip"
    with open(target, "wb") as fh:  # the copy is under way: half the bytes are there
        fh.write(data[: len(data) // 2])
        fh.flush()
        # a copy keeps the source's modification time: back-date it, as Explorer would
        os.utime(target, (time.time() - 86400, time.time() - 86400))
        assert dropfolder.poll_once(settings) == []  # ctime is recent: still arriving
        fh.write(data[len(data) // 2:])
    time.sleep(settings.inbox_settle_s + 0.2)

    outcomes = dropfolder.poll_once(settings)

    assert [o.entry for o in outcomes] == [target.name]
    outcome = outcomes[0]
    assert sorted(d.rule_id for d in outcome.result.deficiencies) == _expected("B1")
    assert not target.exists()  # taken out of the drop folder
    kept = outcome.folder / "原件" / target.name
    assert kept.read_bytes() == data  # moved with its result, unchanged
    assert (outcome.report_dir / "report.html").is_file()
    assert outcome.folder.parent.parent == settings.processed_dir
    assert dropfolder.poll_once(settings) == []  # nothing twice
    with open_store(settings.db_url).session() as s:
        assert len(s.scalars(select(ResultRow)).all()) == 1


def test_names_being_written_are_never_taken(settings: Settings) -> None:
    for name in ("材料.zip.part", "~$工作报告.docx", ".~lock.申请书.docx#", "下载.crdownload",
                 ".hidden"):
        (settings.drop_dir / name).write_bytes(b"x")
    folder = settings.drop_dir / "华通公司"
    folder.mkdir()
    (folder / "工作报告.docx.tmp").write_bytes(b"x")  # a folder whose file is being saved
    (settings.drop_dir / "刚建的文件夹").mkdir()  # empty: its files are not copied yet
    assert dropfolder.settled_entries(settings, clock=time.time() + 3600) == []


def test_an_entry_claimed_by_a_killed_run_is_finished_by_the_next(settings: Settings) -> None:
    entry = settings.drop_dir / "咨询.docx"
    entry.write_bytes(b"not a word file")
    time.sleep(settings.inbox_settle_s + 0.2)
    claimed = dropfolder.claim(settings, dropfolder.settled_entries(settings)[0])
    # ... the run is killed here, after the claim and before any check
    assert dropfolder.settled_entries(settings) == []
    outcomes = dropfolder.poll_once(settings)
    assert [o.entry for o in outcomes] == ["咨询.docx"]
    assert not claimed.exists()
    assert (outcomes[0].folder / "原件" / "咨询.docx").read_bytes() == b"not a word file"
    g06 = [d for d in outcomes[0].result.deficiencies if d.rule_id == "G-06"]
    assert g06 and "咨询.docx" in g06[0].message  # bad input: a finding, not a crash


def test_a_recorded_claim_is_moved_on_without_a_second_check(settings: Settings) -> None:
    (settings.drop_dir / "材料").mkdir()
    (settings.drop_dir / "材料" / "申请书.txt").write_text("申请书", encoding="utf-8")
    time.sleep(settings.inbox_settle_s + 0.2)
    claimed = dropfolder.claim(settings, dropfolder.settled_entries(settings)[0])
    first = dropfolder.process_claimed(settings, claimed)
    # killed after the result was recorded, before the move: the entry is claimed again
    claimed.parent.mkdir()  # the ticket, as the killed run left it
    (first.folder / "原件" / "材料").rename(claimed)
    again = dropfolder.poll_once(settings)
    assert again[0].already_recorded and again[0].folder == first.folder
    with open_store(settings.db_url).session() as s:
        assert len(s.scalars(select(Receipt)).all()) == 1
        assert len(s.scalars(select(ResultRow)).all()) == 1
    assert (first.folder / "原件" / "材料" / "申请书.txt").is_file()


def test_a_second_copy_of_a_checked_packet_is_linked_not_checked_again(
        settings: Settings) -> None:
    data = sample_zip("B1")
    (settings.drop_dir / "顺达.zip").write_bytes(data)
    time.sleep(settings.inbox_settle_s + 0.2)
    [first] = dropfolder.poll_once(settings)
    (settings.drop_dir / "顺达（再次发送）.zip").write_bytes(data)
    time.sleep(settings.inbox_settle_s + 0.2)
    [second] = dropfolder.poll_once(settings)
    assert second.result is None and second.same_as == str(first.report_dir)
    assert "未重复检查" in (second.report_dir / "已检查过.txt").read_text(encoding="utf-8")
    assert (second.folder / "原件" / "顺达（再次发送）.zip").read_bytes() == data
    with open_store(settings.db_url).session() as s:
        assert len(s.scalars(select(ResultRow)).all()) == 1
        assert len({r.packet_id for r in s.scalars(select(Receipt))}) == 1  # one packet
        assert len(s.scalars(select(Receipt)).all()) == 2  # two arrivals


def test_cli_inbox_checks_the_drop_folder_once(settings: Settings) -> None:
    import subprocess
    import sys

    (settings.drop_dir / "顺达城市公交有限公司.zip").write_bytes(sample_zip("B1"))
    time.sleep(settings.inbox_settle_s + 0.2)
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "inbox"], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "顺达城市公交有限公司.zip：可受理" in proc.stderr and "1/1" in proc.stderr
    day = next(settings.processed_dir.iterdir())
    [folder] = list(day.iterdir())
    assert (folder / "报告" / "report.html").is_file()
    assert (folder / "原件" / "顺达城市公交有限公司.zip").is_file()


def test_overlapping_runs_leave_the_folder_to_the_first(settings: Settings) -> None:
    """Issue 20, item 12: a run longer than the poll interval was overlapped by the next,
    which checked the same entry twice and failed a move. While one run holds the drop
    folder another takes nothing; the scheduled deployment also allows one run at a time."""
    target = settings.drop_dir / "顺达城市公交有限公司申报材料.zip"
    target.write_bytes(sample_zip("B1"))
    os.utime(target, (time.time() - 86400, time.time() - 86400))
    time.sleep(settings.inbox_settle_s + 0.2)
    with dropfolder.folder_lock(settings) as first:
        assert first
        assert dropfolder.poll_once(settings) == []  # the overlapping run
        assert target.exists()
    outcomes = dropfolder.poll_once(settings)
    assert [o.entry for o in outcomes] == [target.name]
    assert not any(p.name == dropfolder.LOCK_NAME for p in settings.processed_dir.rglob("*"))
    with open_store(settings.db_url).session() as s:
        assert len(s.scalars(select(ResultRow)).all()) == 1

    from flows.serve import deployments

    drop_folder = next(d for d in deployments(settings) if d.name == "drop-folder")
    assert drop_folder.concurrency_limit == 1
