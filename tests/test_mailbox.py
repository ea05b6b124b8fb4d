"""The nightly mailbox batch against a real IMAP server (Dovecot over TLS on 127.0.0.1)."""

from __future__ import annotations

import json
import logging
import socket
import ssl
from pathlib import Path

import pytest
from imapclient import IMAPClient
from sqlalchemy import select

from pipeline.arrivals.imap_mailbox import Mailbox, MailboxError, with_retries
from pipeline.arrivals.mail_batch import processed_counts, run_mailbox_batch
from pipeline.arrivals.mail_message import parse_message
from pipeline.core.settings import Settings
from pipeline.intake.originals import OriginalStore
from pipeline.records.db import MailboxState, MailMessage, ResultRow, open_store
from tests.mime_fixtures import append, mime, sample_zip
from tests.net import free_port

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HUATONG = "华通交通运输集团有限公司"
SHUNDA = "顺达城市公交有限公司"
AGENT = "shenbao@agency.test"


def _expected(prefix: str) -> list[str]:
    spec = next((SAMPLES / "expected").glob(prefix + "_*.json"))
    return json.loads(spec.read_text(encoding="utf-8"))["expected_rule_ids"]


def _flags(account) -> dict[int, tuple]:  # noqa: ANN001
    context = ssl.create_default_context(cafile=str(account.server.ca_file))
    with IMAPClient("127.0.0.1", port=account.server.port, ssl=True, ssl_context=context) as c:
        c.login(account.user, account.password)
        c.select_folder("INBOX", readonly=True)
        return {uid: data[b"FLAGS"] for uid, data in c.fetch(c.search(["ALL"]), ["FLAGS"]).items()}


def test_id_is_sent_after_login_and_before_select(mail_account) -> None:
    with Mailbox(Settings().mailbox) as box:
        assert box.uidvalidity > 0
        assert box.new_uids(0) == []
    commands = [line.split(" ", 2)[2] for line in mail_account.commands() if line.count(" ") >= 2]
    verbs = [c.split(" ")[0].upper() for c in commands]
    assert "ID" in verbs and "EXAMINE" in verbs, commands
    assert verbs.index("ID") < verbs.index("EXAMINE")  # 163 refuses SELECT before ID
    assert 'ID ("name" "yushen"' in commands[verbs.index("ID")]
    log = mail_account.server.log()
    login = log.index(f"Login: user=<{mail_account.user}>")
    assert log.index("ID sent: name=yushen", login) > login  # and ID came after LOGIN


def test_batch_checks_each_packet_once_and_keeps_every_byte(mail_account) -> None:
    a1, b1 = sample_zip("A1"), sample_zip("B1")
    messages = [
        # GBK subjects; GBK-named zips (inside and out); two packets from one sender
        mime(AGENT, f"{HUATONG}市场质量信用等级评价申报材料", [(f"{HUATONG}申报材料.zip", a1)],
             style="rfc2047"),
        mime(AGENT, "用户满意等级评价申报", [(f"{SHUNDA}申报材料.zip", b1)], style="rfc2231"),
        mime("someone@163.test", "请问今年的申报截止时间", [], body="请问截止时间？"),
    ]
    append(mail_account, messages)
    settings = Settings()

    fetched, outcomes, summary = run_mailbox_batch(settings)

    assert (fetched.new, fetched.known) == (3, 0)
    assert fetched.without_files == ["请问今年的申报截止时间"]
    by_name = {o.packet: o for o in outcomes}
    assert sorted(by_name) == sorted([HUATONG, SHUNDA])
    # a packet from the mail is checked exactly as the same packet given to `yushen check`
    assert sorted(d.rule_id for d in by_name[HUATONG].result.deficiencies) == _expected("A1")
    assert sorted(d.rule_id for d in by_name[SHUNDA].result.deficiencies) == _expected("B1")
    assert by_name[HUATONG].result.applicant == HUATONG
    for o in outcomes:
        assert (o.report_dir / "report.html").is_file() and (o.report_dir / "补正通知书.docx").is_file()
    assert (summary / "summary.xlsx").is_file()
    rows = json.loads((summary / "summary.json").read_text(encoding="utf-8"))
    assert sorted(r["verdict"] for r in rows) == ["可受理", "可受理", "未检查"]
    assert next(r for r in rows if r["verdict"] == "未检查")["failure"] == "邮件没有附件"

    # every message's bytes and every attachment are in the store, unchanged
    originals = OriginalStore(settings.store_dir)
    with open_store(settings.db_url).session() as s:
        stored = s.scalars(select(MailMessage).order_by(MailMessage.uid)).all()
        assert [m.status for m in stored] == ["processed", "processed", "no-attachment"]
        for raw, row in zip(messages, stored, strict=True):
            assert originals.path_for(row.raw_sha256).read_bytes() == raw
            for f in row.attachments:
                assert originals.path_for(f["sha256"]).read_bytes() in (a1, b1)
        assert [f["name"] for f in stored[0].attachments] == [f"{HUATONG}申报材料.zip"]

    again_fetched, again, _ = run_mailbox_batch(settings)
    assert (again_fetched.new, again) == (0, [])
    assert processed_counts(settings) == {"processed": 2, "no-attachment": 1, "receipts": 2}
    with open_store(settings.db_url).session() as s:
        assert len(s.scalars(select(ResultRow)).all()) == 2  # nothing checked twice
    # read-only: the secretaries still see the messages as unread
    assert all(b"\\Seen" not in flags for flags in _flags(mail_account).values())


def test_new_mail_after_a_batch_is_taken_and_nothing_before_it(mail_account) -> None:
    append(mail_account, [mime(AGENT, "咨询", [])])
    settings = Settings()
    run_mailbox_batch(settings)
    append(mail_account, [mime(AGENT, "再次咨询", []), mime(AGENT, "第三封", [])])
    fetched, _, _ = run_mailbox_batch(settings)
    assert (fetched.new, sorted(fetched.without_files)) == (2, ["再次咨询", "第三封"])
    with open_store(settings.db_url).session() as s:
        assert s.scalar(select(MailboxState)).last_uid == 3


def test_a_changed_uidvalidity_reads_the_folder_again_without_taking_mail_twice(
        mail_account, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YUSHEN_MAILBOX_FOLDER", "申报")
    first = mime(AGENT, "第一封", [], message_id="<first@mail.test>")
    append(mail_account, [first], folder="申报")
    settings = Settings()
    assert run_mailbox_batch(settings)[0].new == 1
    # the folder is deleted and made again (as a server migration would): new UIDVALIDITY
    context = ssl.create_default_context(cafile=str(mail_account.server.ca_file))
    with IMAPClient("127.0.0.1", port=mail_account.server.port, ssl=True,
                    ssl_context=context) as c:
        c.login(mail_account.user, mail_account.password)
        c.delete_folder("申报")
    append(mail_account, [first, mime(AGENT, "第二封", [])], folder="申报")
    fetched, _, _ = run_mailbox_batch(settings)
    assert (fetched.new, fetched.known) == (1, 1)
    with open_store(settings.db_url).session() as s:
        assert len(s.scalars(select(MailMessage)).all()) == 2


def test_a_wrong_password_is_a_clear_error_and_the_secret_is_never_logged(
        mail_account, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    secret = "WRONG-shouquanma-7f3a"
    monkeypatch.setenv("YUSHEN_MAILBOX_PASSWORD", secret)
    settings = Settings()
    assert secret not in repr(settings) and secret not in str(settings.mailbox)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(MailboxError) as err:
        run_mailbox_batch(settings)
    assert "授权码" in err.value.message
    assert secret not in err.value.message
    assert all(secret not in r.getMessage() for r in caplog.records)


def test_password_file_is_read(mail_account, monkeypatch: pytest.MonkeyPatch,
                               tmp_path: Path) -> None:
    secrets = tmp_path / "mailbox.secret"
    secrets.write_text(mail_account.password + "\n", encoding="utf-8")
    monkeypatch.delenv("YUSHEN_MAILBOX_PASSWORD")
    monkeypatch.setenv("YUSHEN_MAILBOX_PASSWORD_FILE", str(secrets))
    with Mailbox(Settings().mailbox) as box:
        assert box.new_uids(0) == []


def test_connection_errors_are_retried_with_doubling_waits() -> None:
    port = free_port()  # nothing listens there: connection refused
    waits: list[float] = []
    with pytest.raises(MailboxError) as err:
        with_retries(lambda: socket.create_connection(("127.0.0.1", port), timeout=2),
                     attempts=4, backoff_s=0.5, what="连接邮箱", sleep=waits.append)
    assert waits == [0.5, 1.0, 2.0]
    assert "已重试 4 次" in err.value.message


def test_refused_server_fails_after_its_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    for name, value in {"HOST": "127.0.0.1", "PORT": str(port), "USER": "u", "PASSWORD": "p",
                        "ATTEMPTS": "2", "BACKOFF_S": "0.01"}.items():
        monkeypatch.setenv(f"YUSHEN_MAILBOX_{name}", value)
    with pytest.raises(MailboxError, match="已重试 2 次"):
        run_mailbox_batch(Settings())


@pytest.mark.parametrize("style", ["rfc2231", "rfc2047", "8bit"])
def test_attachment_names_in_every_client_encoding(style: str) -> None:
    name = f"{HUATONG}市场质量信用工作报告（2026年度）.docx"
    parsed = parse_message(mime(AGENT, f"{HUATONG}申报", [(name, b"PK\x03\x04 data")],
                                style=style))
    assert [a.name for a in parsed.attachments] == [name]
    assert parsed.attachments[0].data == b"PK\x03\x04 data"
    assert parsed.subject == f"{HUATONG}申报" and parsed.sender == AGENT


def test_a_large_attachment_link_is_said_in_the_note(mail_account) -> None:
    body = "附件过大，已作为超大附件发送：https://mail.163.com/large-attachment-download/x"
    append(mail_account, [mime(AGENT, f"{HUATONG}申报材料", [], body=body)])
    settings = Settings()
    run_mailbox_batch(settings)
    with open_store(settings.db_url).session() as s:
        assert "超大附件" in s.scalar(select(MailMessage)).note


def test_cli_mailbox_checks_new_mail_and_shows_progress(mail_account) -> None:
    import subprocess
    import sys

    append(mail_account, [mime(AGENT, f"{SHUNDA}申报", [(f"{SHUNDA}.zip", sample_zip("B1"))])])
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "mailbox"], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "新邮件 1 封" in proc.stderr and f"{SHUNDA}：可受理" in proc.stderr
    assert "█" in proc.stderr and "1/1" in proc.stderr  # the progress bar
    assert mail_account.password not in proc.stderr + proc.stdout


def test_cli_mailbox_with_a_wrong_password_exits_4(mail_account,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    monkeypatch.setenv("YUSHEN_MAILBOX_PASSWORD", "not-the-code")
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "mailbox"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 4 and "授权码" in proc.stderr
    assert "not-the-code" not in proc.stderr and "Traceback" not in proc.stderr


def test_the_same_files_resent_in_a_new_message_are_not_checked_again(mail_account) -> None:
    b1 = sample_zip("B1")
    append(mail_account, [mime(AGENT, f"{SHUNDA}申报", [(f"{SHUNDA}.zip", b1)])])
    settings = Settings()
    run_mailbox_batch(settings)
    append(mail_account, [mime(AGENT, f"{SHUNDA}申报（重发）", [(f"{SHUNDA}.zip", b1)])])
    fetched, [again], summary = run_mailbox_batch(settings)
    assert fetched.new == 1 and again.result is None and again.same_as
    assert processed_counts(settings) == {"processed": 2, "receipts": 2}
    with open_store(settings.db_url).session() as s:
        assert len(s.scalars(select(ResultRow)).all()) == 1
        assert "未重复检查" in s.scalars(select(MailMessage).order_by(MailMessage.uid)).all()[1].note
    rows = json.loads((summary / "summary.json").read_text(encoding="utf-8"))
    assert "未重复检查" in rows[0]["failure"]


def test_a_malformed_encoded_subject_does_not_stop_the_night(mail_account) -> None:
    """Issue 20, item 2: decode_header("=?utf-8?b?YWJjZ?=") raised out of parse_message,
    the batch stopped before the UID advanced, and every night stopped at the same message.
    Now the word is kept as it was, the message is stored and checked, and so is the next."""
    bad = mime(AGENT, "x", [(f"{SHUNDA}申报材料.zip", sample_zip("B1"))])
    bad = bad.replace(b"Subject: " + bad.split(b"Subject: ", 1)[1].split(b"\r\n", 1)[0],
                      b"Subject: =?utf-8?b?YWJjZ?=", 1)
    good = mime(AGENT, f"{HUATONG}申报材料", [(f"{HUATONG}申报材料.zip", sample_zip("A1"))])
    append(mail_account, [bad, good])
    settings = Settings()
    fetched, outcomes, _ = run_mailbox_batch(settings)
    assert (fetched.new, fetched.known) == (2, 0)
    assert sorted(o.packet for o in outcomes) == sorted([HUATONG, SHUNDA])
    with open_store(settings.db_url).session() as s:
        rows = s.scalars(select(MailMessage).order_by(MailMessage.uid)).all()
        assert [r.subject for r in rows][0] == "=?utf-8?b?YWJjZ?="
        assert {r.status for r in rows} == {"processed"}
        assert s.scalar(select(MailboxState)).last_uid == 2


def test_an_attachment_named_with_100_chinese_characters_is_checked(mail_account) -> None:
    """Issue 20, item 9: an attachment of ~100 CJK characters (300 bytes) or a subject of 80
    gave ENAMETOOLONG when its folder was made, and blocked that packet every night."""
    long_name = (HUATONG + "市场质量信用等级评价申报材料") * 4
    long_name = long_name[:100] + ".zip"
    append(mail_account, [mime(AGENT, HUATONG + "申报材料" * 18, [(long_name, sample_zip("A1"))])])
    settings = Settings()
    fetched, outcomes, _ = run_mailbox_batch(settings)
    assert fetched.new == 1 and [o.packet for o in outcomes] == [HUATONG]
    assert outcomes[0].report_dir and (outcomes[0].report_dir / "report.html").is_file()
    assert outcomes[0].result and outcomes[0].result.applicant == HUATONG


def test_a_different_message_reusing_a_message_id_is_still_checked(mail_account) -> None:
    """Issue 20, item 13: Message-ID alone decided "already seen", so a different message
    reusing one was never checked. The bytes now tell them apart."""
    mid = "<reused@mail.test>"
    append(mail_account, [mime(AGENT, f"{HUATONG}申报材料", [(f"{HUATONG}.zip", sample_zip("A1"))],
                               message_id=mid),
                          mime(AGENT, f"{SHUNDA}申报材料", [(f"{SHUNDA}.zip", sample_zip("B1"))],
                               message_id=mid)])
    settings = Settings()
    fetched, outcomes, _ = run_mailbox_batch(settings)
    assert fetched.new == 2
    assert sorted(o.packet for o in outcomes) == sorted([HUATONG, SHUNDA])
    with open_store(settings.db_url).session() as s:
        keys = [r.key for r in s.scalars(select(MailMessage).order_by(MailMessage.uid))]
    assert keys[0] == "reused@mail.test" and keys[1].startswith("reused@mail.test|sha256:")
