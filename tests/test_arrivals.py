"""Every arrival takes one way (issue 22, items 4 and 6): the check itself is a pure
function; reviewers' decisions, the reports and the record are kept around it by
pipeline.arrivals.process.process_arrival, which the command line, the drop folder, the mailbox,
the web page and the flows all call. Real packets, the real CLI, a real SQLite store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from pipeline.core.settings import Settings
from tests.conftest import SAMPLES

B2 = SAMPLES / "packets" / "B2_产品类_四星_缺陷"
# nothing listens on port 1: the PostgreSQL server of this URL is "down"
UNREACHABLE = "postgresql+psycopg://yushen@127.0.0.1:1/yushen"


def _expected(prefix: str) -> list[str]:
    spec = next((SAMPLES / "expected").glob(prefix + "_*.json"))
    return json.loads(spec.read_text(encoding="utf-8"))["expected_rule_ids"]


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True,
                          text=True, timeout=600, env={**os.environ, **(env or {})})


def test_checking_a_packet_reads_and_writes_no_store(tmp_path: Path) -> None:
    """check_path is the check alone: each deficiency has its id, and no database is made,
    read or written (before, every check opened the store, imported legacy decisions and
    wrote a history row)."""
    from pipeline.engine.run import check_path

    settings = Settings(data_dir=tmp_path / "data")  # the cache stays the shared one
    _, result = check_path(B2, settings)
    assert sorted(d.rule_id for d in result.deficiencies) == _expected("B2")
    assert all(d.id for d in result.deficiencies)
    assert result.previous_packet is None and all(d.change is None for d in result.deficiencies)
    assert not (tmp_path / "data" / "yushen.db").exists()
    assert not (tmp_path / "data" / "decisions").exists()


def test_a_command_line_check_works_with_the_database_unreachable(tmp_path: Path) -> None:
    """With the PostgreSQL server down, `yushen check` still checks, prints and writes its
    reports (exit 0); a warning says that waivers and history were not applied."""
    done = _cli("check", str(B2), "--json", "--out", str(tmp_path / "out"),
                env={"YUSHEN_DATABASE_URL": UNREACHABLE})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert sorted(d["rule_id"] for d in result["deficiencies"]) == _expected("B2")
    assert "数据库无法访问" in done.stderr
    assert (tmp_path / "out" / "report.json").is_file()


def test_a_batch_from_the_command_line_is_recorded_like_every_arrival(tmp_path: Path,
                                                                       ) -> None:
    """`check --batch` keeps each packet's result in the ledger, as the drop folder, the
    mailbox and the web page do (before, it recorded nothing); a second batch of the same
    packets adds results to the same packets and arrivals."""
    import shutil

    from pipeline.records.db import PacketRow, Receipt, ResultRow, open_store

    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copytree(B2, batch / B2.name)
    for _ in range(2):
        done = _cli("check", str(batch), "--batch", "--out", str(tmp_path / "out"))
        assert done.returncode == 0, done.stderr
    with open_store(Settings().db_url).session() as s:
        receipts = s.scalars(select(Receipt)).all()
        assert [(r.origin, Path(r.ref).name) for r in receipts] == [("cli", B2.name)]
        assert len(s.scalars(select(PacketRow)).all()) == 1
        results = s.scalars(select(ResultRow)).all()
        assert len(results) == 2 and all(r.report_dir for r in results)
