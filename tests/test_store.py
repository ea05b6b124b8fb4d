"""The store's schema is the migrations' schema; settings come from a TOML file and the
environment; attachments are grouped into one packet per applicant."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from pipeline.arrivals.mail_packets import StoredFile, StoredMail, company_in, group_packets
from pipeline.core.settings import Settings
from pipeline.records.db import Base, Store, upgrade


def test_the_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == [], "models changed without a migration: alembic revision --autogenerate"
    tables = set(inspect(engine).get_table_names())
    assert {"applicants", "packets", "receipts", "documents", "results", "waivers",
            "deficiency_history", "mailbox_state", "mail_messages", "alembic_version"} <= tables


def test_opening_a_store_twice_keeps_its_rows(tmp_path: Path) -> None:
    from pipeline.records.db import WaiverRow

    url = f"sqlite:///{tmp_path / 'y.db'}"
    with Store(url).session() as s:
        s.add(WaiverRow(applicant_key="k", deficiency_id="d", reason="r", at="t"))
    with Store(url).session() as s:  # migrating an up-to-date database changes nothing
        assert [w.reason for w in s.query(WaiverRow)] == ["r"]


def test_settings_file_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "yushen.toml"
    config.write_text(
        'inbox_settle_s = 12.5\nnightly_cron = "30 1 * * *"\n'
        '[mailbox]\nhost = "imap.163.com"\nuser = "zjqxzl@163.com"\nport = 993\n'
        '[archive]\nmax_depth = 2\n', encoding="utf-8")
    monkeypatch.setenv("YUSHEN_CONFIG", str(config))
    monkeypatch.setenv("YUSHEN_MAILBOX_PORT", "1993")  # the environment wins, in a table too
    monkeypatch.setenv("YUSHEN_MAILBOX_PASSWORD", "授权码-secret")
    settings = Settings()
    assert settings.inbox_settle_s == 12.5 and settings.nightly_cron == "30 1 * * *"
    assert settings.mailbox.user == "zjqxzl@163.com" and settings.mailbox.port == 1993
    assert settings.mailbox.secret() == "授权码-secret" and settings.mailbox.configured
    assert settings.archive.max_depth == 2
    assert settings.db_url == f"sqlite:///{settings.data_dir / 'yushen.db'}"
    monkeypatch.setenv("YUSHEN_DATABASE_URL", "postgresql+psycopg://yushen@db/yushen")
    assert Settings().db_url == "postgresql+psycopg://yushen@db/yushen"


def _mail(key: str, subject: str, *names: str, sender: str = "a@b.test") -> StoredMail:
    return StoredMail(key=key, subject=subject, sender=sender,
                      files=[StoredFile(name=n, sha256=f"{key}-{n}", size=1) for n in names])


def test_one_packet_per_applicant_over_the_messages_of_a_batch() -> None:
    packets = group_packets([
        # one company in the subject: all files are its, named or not
        _mail("m1", "华通交通运输集团有限公司申报材料（1/2）", "申请书.docx", "营业执照.jpg"),
        # the same company's second message joins its packet
        _mail("m2", "申报材料（2/2）", "华通交通运输集团有限公司工作报告.docx"),
        # an agent sends two companies at once: split, the unnamed file kept apart
        _mail("m3", "两家单位的材料", "顺达城市公交有限公司.zip", "恒力交通装备制造有限公司.zip",
              "说明.docx"),
        _mail("m4", "无附件"),
        # nothing names a company: the message is its own packet
        _mail("m5", "申报材料", "工作报告.docx"),
    ])
    got = {p.name: (sorted(p.message_keys), sorted(f.name for f in p.files)) for p in packets}
    assert got == {
        "华通交通运输集团有限公司": (["m1", "m2"], ["华通交通运输集团有限公司工作报告.docx",
                                                 "申请书.docx", "营业执照.jpg"]),
        "顺达城市公交有限公司": (["m3"], ["顺达城市公交有限公司.zip"]),
        "恒力交通装备制造有限公司": (["m3"], ["恒力交通装备制造有限公司.zip"]),
        "两家单位的材料（未注明单位的附件）": (["m3"], ["说明.docx"]),
        "申报材料": (["m5"], ["工作报告.docx"]),
    }
    assert len({p.ref for p in packets}) == len(packets)


@pytest.mark.parametrize(("text", "company"), [
    ("A1_质量信用_AA_完整__市场质量信用等级：华通交通运输集团有限公司.zip", "华通交通运输集团有限公司"),
    ("用户满意等级评价申请表顺达城市公交有限公司.docx", "顺达城市公交有限公司"),
    ("关于报送中铁一局集团有限公司2026年度申报材料的函", "中铁一局集团有限公司"),
    ("营业执照.jpg", None),
    ("Fw: 申报材料", None),
])
def test_company_names_in_file_names_and_subjects(text: str, company: str | None) -> None:
    assert company_in(text) == company


@pytest.fixture(scope="module")
def postgres():
    from tests.pg_server import PostgresServer

    server = PostgresServer()
    server.start()
    yield server
    server.stop()


def test_the_store_on_postgresql(postgres, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Migrations, a drop-folder packet recorded, a waiver kept: all on PostgreSQL by URL."""
    from sqlalchemy import select

    from pipeline.arrivals import dropfolder
    from pipeline.records.db import Applicant, PacketRow, ResultRow, open_store
    from pipeline.records.decisions import waive_from_report
    from tests.mime_fixtures import sample_zip

    url = postgres.create_database("yushen_test")
    monkeypatch.setenv("YUSHEN_DATABASE_URL", url)
    monkeypatch.setenv("YUSHEN_INBOX_DIR", str(tmp_path / "drop"))
    monkeypatch.setenv("YUSHEN_INBOX_SETTLE_S", "0")
    (tmp_path / "drop").mkdir()
    (tmp_path / "drop" / "恒力交通装备制造有限公司.zip").write_bytes(sample_zip("B2"))
    settings = Settings()
    assert settings.db_url == url
    with open_store(url).engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []

    [outcome] = dropfolder.poll_once(settings)
    first = outcome.result.deficiencies[0]
    waive_from_report(outcome.report_dir / "report.json", first.id, "已电话核实", "审核员甲",
                      settings)
    from pipeline.arrivals.process import process_arrival

    again = process_arrival(outcome.folder / "原件" / "恒力交通装备制造有限公司.zip", settings,
                            origin="cli", ref="again", record=False).result
    assert again is not None
    assert next(d for d in again.deficiencies if d.id == first.id).waived.by == "审核员甲"
    with open_store(url).session() as s:
        applicant = s.scalar(select(Applicant))
        assert applicant.name == "恒力交通装备制造有限公司" and applicant.scheme == "B"
        assert [p.version for p in s.scalars(select(PacketRow))] == [1]
        row = s.scalar(select(ResultRow))
        assert row.verdict == outcome.result.verdict and row.errors == outcome.result.counts["error"]


def test_the_example_settings_file_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    example = Path(__file__).resolve().parent.parent / "docs" / "yushen.example.toml"
    monkeypatch.setenv("YUSHEN_CONFIG", str(example))
    monkeypatch.delenv("YUSHEN_DATA_DIR")
    settings = Settings()
    assert settings.data_dir == Path("/srv/yushen") and settings.mailbox.user == "zjqxzl@163.com"
    assert settings.drop_dir == Path("/srv/yushen/收件")
    assert settings.mailbox.password_file == Path("/etc/yushen/mailbox.secret")


def _open_at_once(url: str, barrier) -> int:  # noqa: ANN001 — runs in a child process
    from pipeline.records.db import Store, WaiverRow

    barrier.wait()
    with Store(url).session() as s:
        s.add(WaiverRow(applicant_key="k", deficiency_id=str(id(s)), reason="r", at="t"))
    return 0


def test_worker_processes_opening_a_new_database_together_migrate_it_once(
        tmp_path: Path) -> None:
    """bench/dask_speedup.py: two Dask workers opened a new store at once and both created
    its tables ("table applicants already exists")."""
    import multiprocessing

    url = f"sqlite:///{tmp_path / 'new.db'}"
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(4)
        with context.Pool(4) as pool:
            results = [pool.apply_async(_open_at_once, (url, barrier)) for _ in range(4)]
            assert [r.get(timeout=120) for r in results] == [0, 0, 0, 0]
    from pipeline.records.db import WaiverRow

    with Store(url).session() as s:
        assert s.query(WaiverRow).count() == 4


def test_overlong_names_fit_their_columns_on_postgresql(postgres) -> None:
    """Issue 20 (low): an applicant name, a file name or a progress line longer than its
    column failed the insert on PostgreSQL (SQLite does not check lengths). They now fit
    (head and hash), and a key made to fit is found again by the same name."""
    from sqlalchemy import select

    from pipeline.core.identity import applicant_key
    from pipeline.records.db import Applicant, PacketRow, UploadJob, open_store

    url = postgres.create_database("yushen_lengths")
    name = "华通交通运输集团" * 120 + "有限公司"
    store = open_store(url)
    with store.session() as s:
        s.add(Applicant(key=applicant_key(name, None), name=name))
        s.add(PacketRow(digest="d" * 64, name="申报材料" * 200, version=1))
        s.add(UploadJob(token="t" * 32, username="mishu", status="checking",
                        stage="读取 " + "很长的文件名" * 100, folder="/tmp/x"))
    with store.session() as s:
        found = s.scalar(select(Applicant).filter_by(key=applicant_key(name, None)))
        assert found is not None and len(found.key) <= 300 and len(found.name) <= 300
        assert len(s.scalar(select(UploadJob.stage))) <= 300
        assert len(s.scalar(select(PacketRow.name))) <= 500
    # a command-line arrival's ref is its full path, which may be longer than the column
    from pipeline.records.ledger import receipt_for, record_same_content

    ref = "/材料/" + "很深的文件夹/" * 150 + "申报材料.zip"
    with store.session() as s:
        record_same_content(s, s.scalar(select(PacketRow)), "cli", ref)
    with store.session() as s:
        receipt = receipt_for(s, "cli", ref)
        assert receipt is not None and len(receipt.ref) <= 700
