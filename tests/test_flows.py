"""The Prefect flows on a real (temporary) Prefect server: the same results as the library,
each packet once, and a mailbox flow killed half-way finished by the next run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.arrivals.mail_batch import processed_counts
from pipeline.core.settings import Settings
from pipeline.records.db import MailMessage, Receipt, ResultRow, open_store
from tests.mime_fixtures import append, mime, sample_zip

ROOT = Path(__file__).resolve().parent.parent
AGENT = "shenbao@agency.test"


@pytest.fixture(scope="module")
def prefect_api(tmp_path_factory: pytest.TempPathFactory):
    """A Prefect server of its own for this module (SQLite in a temporary folder)."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


def _expected(prefix: str) -> list[str]:
    spec = next((ROOT / "samples" / "expected").glob(prefix + "_*.json"))
    return json.loads(spec.read_text(encoding="utf-8"))["expected_rule_ids"]


def test_check_packet_flow_gives_the_library_result(prefect_api, tmp_path: Path) -> None:
    from flows.check_packet import check_packet_with_runner

    packet = next((ROOT / "samples" / "packets").glob("A2_*"))
    result = check_packet_with_runner(str(packet), str(tmp_path / "out"))
    assert sorted(d["rule_id"] for d in result["deficiencies"]) == _expected("A2")
    assert (tmp_path / "out" / "report.html").is_file()
    assert (tmp_path / "out" / "补正通知书.docx").is_file()


def test_inbox_flow_checks_a_settled_packet_once(prefect_api, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.inbox import inbox

    drop = tmp_path / "收件"
    drop.mkdir()
    monkeypatch.setenv("YUSHEN_INBOX_DIR", str(drop))
    monkeypatch.setenv("YUSHEN_INBOX_SETTLE_S", "0.5")
    (drop / "顺达城市公交有限公司.zip").write_bytes(sample_zip("B1"))
    time.sleep(0.7)
    first = inbox()
    assert [(r["entry"], r["verdict"]) for r in first] == [("顺达城市公交有限公司.zip", "可受理")]
    assert Path(first[0]["folder"], "报告", "report.json").is_file()
    assert inbox() == []
    assert list(drop.iterdir()) == [drop / ".yushen-processing"]  # empty claim area only


def test_nightly_mailbox_flow_twice_takes_each_packet_once(prefect_api, mail_account) -> None:
    from flows.mailbox import nightly_mailbox

    append(mail_account, [
        mime(AGENT, "华通交通运输集团有限公司申报材料",
             [("华通交通运输集团有限公司.zip", sample_zip("A1"))], style="rfc2047"),
        mime(AGENT, "无附件的邮件", []),
    ])
    first = nightly_mailbox()
    assert (first["new"], first["packets"], first["failed"]) == (2, 1, 0)
    second = nightly_mailbox()
    assert (second["new"], second["known"], second["packets"]) == (0, 0, 0)
    assert processed_counts(Settings()) == {"processed": 1, "no-attachment": 1, "receipts": 1}


def test_a_mailbox_flow_killed_mid_batch_is_finished_by_the_next_run(
        prefect_api, mail_account) -> None:
    from flows.mailbox import nightly_mailbox

    companies = [("华通交通运输集团有限公司", "A1"), ("顺达城市公交有限公司", "B1"),
                 ("恒力交通装备制造有限公司", "B2")]
    append(mail_account, [mime(AGENT, f"{name}申报材料", [(f"{name}.zip", sample_zip(prefix))])
                          for name, prefix in companies])
    settings = Settings()
    env = {**os.environ, "PREFECT_API_URL": prefect_api, "YUSHEN_WORKERS": "1"}
    run = subprocess.Popen([sys.executable, "-c",
                            "from flows.mailbox import nightly_mailbox; nightly_mailbox()"],
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while processed_counts(settings).get("processed", 0) < 1:
            assert run.poll() is None, "the flow ended before it could be interrupted"
            assert time.monotonic() < deadline, "no message was processed in time"
            time.sleep(0.2)
        os.killpg(run.pid, signal.SIGKILL)  # killed: no clean-up of any kind
    finally:
        run.wait(timeout=30)
    before = processed_counts(settings)
    assert before.get("processed", 0) < 3 and before.get("stored", 0) >= 1

    again = nightly_mailbox()

    assert again["new"] == 0  # everything had been stored before the kill: nothing lost
    assert processed_counts(settings) == {"processed": 3, "receipts": 3}
    with open_store(settings.db_url).session() as s:
        assert len(s.scalars(select(ResultRow)).all()) == 3  # nothing recorded twice
        names = sorted(r.ref for r in s.scalars(select(Receipt)).all())
        assert len(set(names)) == 3
        assert all(m.status == "processed" for m in s.scalars(select(MailMessage)).all())


@pytest.fixture(scope="module")
def dask_cluster():
    """Two worker processes started as the README says: not daemonic
    (DASK_DISTRIBUTED__WORKER__DAEMON=False), so each file is read in a child of its own."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.worker.daemon": False}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                         dashboard_address=None) as cluster, Client(cluster) as client:
        yield cluster, client


def test_check_packet_runs_its_tasks_on_a_dask_cluster_when_one_is_configured(
        prefect_api, dask_cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from distributed import get_task_stream

    from flows.check_packet import check_packet_with_runner

    cluster, client = dask_cluster
    packet = next((ROOT / "samples" / "packets").glob("B1_*"))
    monkeypatch.setenv("YUSHEN_DASK_ADDRESS", cluster.scheduler_address)
    with get_task_stream(client) as stream:
        result = check_packet_with_runner(str(packet), str(tmp_path / "out"))
    workers = set(client.scheduler_info()["workers"])
    ran_on = {t["worker"] for t in stream.data}
    assert sorted(d["rule_id"] for d in result["deficiencies"]) == _expected("B1")
    # the reading of every received file (13 documents and the zip itself) ran on the
    # cluster's workers; intake, rules and reports stay in the flow's process
    keys = [t["key"] for t in stream.data]
    assert len(keys) == len(result["documents"]) + 1
    assert all(k.startswith("extract_task-") for k in keys)
    assert ran_on and ran_on <= workers


def test_on_dask_workers_each_file_is_still_read_under_the_time_limit(
        prefect_api, dask_cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker starts the reading child, so a file over the limit is a G-06 and the
    worker goes on; before, workers read in-process with no limit at all."""
    import shutil

    from flows.check_packet import check_packet_with_runner
    from tests.hostile_corpus import good_file

    cluster, client = dask_cluster
    packet = tmp_path / "packet"
    packet.mkdir()
    good_file(packet)
    shutil.copy(next((ROOT / "samples" / "packets").glob("A2_*")) /
                "市场质量信用等级：远航港口物流股份有限公司-营业执照.png", packet / "营业执照.png")
    monkeypatch.setenv("YUSHEN_DASK_ADDRESS", cluster.scheduler_address)
    monkeypatch.setenv("YUSHEN_DOC_TIME_LIMIT_S", "0.5")  # a cold OCR of the licence takes longer
    monkeypatch.setenv("YUSHEN_CACHE_DIR", str(tmp_path / "cold-cache"))
    result = check_packet_with_runner(str(packet), None)
    [g06] = [d for d in result["deficiencies"] if d["rule_id"] == "G-06"]
    assert g06["file"] == "营业执照.png" and "时间上限" in g06["message"]
    assert [d["file"] for d in result["documents"]] == ["市场质量信用承诺书.docx"]
    pids = client.run(os.getpid)
    assert len(pids) == 2  # both workers are still there


def test_a_refused_login_fails_the_flow_at_once_without_retries(
        prefect_api, mail_account, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.mailbox import nightly_mailbox
    from pipeline.arrivals.imap_mailbox import MailboxError

    monkeypatch.setenv("YUSHEN_MAILBOX_PASSWORD", "wrong")
    started = time.monotonic()
    with pytest.raises(MailboxError, match="授权码"):
        nightly_mailbox()
    assert time.monotonic() - started < 30  # not after retry delays of 1, 5 and 15 minutes


def test_only_an_unreachable_server_is_worth_a_retry_of_the_batch() -> None:
    from prefect.states import Completed, Failed

    from flows.mailbox import _unreachable
    from pipeline.arrivals.imap_mailbox import MailboxError, MailboxUnreachable

    assert _unreachable(None, None, Failed(data=MailboxUnreachable("连接邮箱失败")))
    assert not _unreachable(None, None, Failed(data=MailboxError("登录失败：授权码")))
    assert not _unreachable(None, None, Completed(data=1))
