"""The nightly mailbox batch, step by step (flows/mailbox.py runs the same steps as tasks).

1. `fetch_new`: every message after the last UID is stored (its bytes as .eml and each
   attachment, in the content-addressed store) and written to the database together with
   the new last UID, one message per transaction. Nothing is checked yet, so a batch killed
   at any point has lost nothing it had read.
2. `pending_packets`: the stored, unprocessed messages grouped into one packet per applicant.
3. `check_mail_packet`: the packet as files, checked, its reports written; then in one
   transaction its packet, result and receipt are recorded and its messages marked
   processed. A packet whose receipt exists is not checked again: nothing twice.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from pipeline.arrivals.imap_mailbox import Mailbox
from pipeline.arrivals.mail_message import message_key, parse_message
from pipeline.arrivals.mail_packets import MailPacket, StoredFile, StoredMail, group_packets
from pipeline.arrivals.process import process_arrival
from pipeline.core.result import CheckResult
from pipeline.core.settings import Settings
from pipeline.core.textnorm import safe_name
from pipeline.intake.originals import OriginalStore
from pipeline.records.db import MailboxState, MailMessage, Receipt, now, open_store
from pipeline.records.ledger import receipt_for

log = logging.getLogger("yushen.mailbox")
ORIGIN = "mailbox"


@dataclass
class FetchReport:
    account: str
    uidvalidity: int
    new: int = 0  # messages stored by this run
    known: int = 0  # already in the store (same Message-ID or bytes)
    without_files: list[str] = field(default_factory=list)  # subjects
    unparsable: list[str] = field(default_factory=list)  # messages kept raw, not checked


@dataclass
class PacketOutcome:
    packet: str
    ref: str
    messages: list[str]
    report_dir: Path | None = None
    result: CheckResult | None = None
    failure: str | None = None
    already_recorded: bool = False
    same_as: str | None = None  # the report of an earlier packet with exactly these files


def keep_message(settings: Settings, account: str, uidvalidity: int, uid: int, raw: bytes
                 ) -> bool:
    """Store one fetched message and its attachments; advance the last UID. True when the
    message is new."""
    originals = OriginalStore(settings.store_dir)
    raw_sha, _, _ = originals.put_stream(io.BytesIO(raw))  # the .eml itself, first
    try:
        mail = parse_message(raw)
    except Exception as exc:  # noqa: BLE001 - one bad message must not stop every night
        log.warning("邮件 UID %s 无法解析，已原样保存：%s", uid, exc)
        return _keep_unparsable(settings, account, uidvalidity, uid, raw, raw_sha, exc)
    key = message_key(mail.message_id, raw)
    files = []
    for attachment in mail.attachments:
        sha, size, _ = originals.put_stream(io.BytesIO(attachment.data))
        files.append({"name": attachment.name, "sha256": sha, "size": size})
    folder = settings.mailbox.folder
    with open_store(settings.db_url).session() as s:
        _advance(s, account, folder, uid)
        seen = s.scalar(select(MailMessage).filter_by(key=key))
        clash = seen is not None and seen.raw_sha256 != raw_sha
        if clash:
            # another message reusing a Message-ID (some clients and forwarders do): it is
            # a message of its own, told apart by its bytes (the key says so)
            key = f"{key}|sha256:{raw_sha}"
            seen = s.scalar(select(MailMessage).filter_by(key=key))
        if seen is not None:
            return False
        note = None
        if not files:
            note = "邮件没有附件，未检查。"
            if mail.mentions_large_attachment:
                note = "邮件没有附件，正文中有“超大附件”下载链接：需人工下载后放入收件文件夹。"
        s.add(MailMessage(key=key, account=account, folder=folder, uidvalidity=uidvalidity,
                          uid=uid, raw_sha256=raw_sha, subject=mail.subject, sender=mail.sender,
                          sent_at=mail.date, attachments=files,
                          status="stored" if files else "no-attachment", note=note,
                          processed_at=None if files else now()))
    return True


def _advance(s, account: str, folder: str, uid: int) -> None:  # noqa: ANN001 - a Session
    """The folder's last processed UID moves past `uid`, in the caller's transaction."""
    state = s.scalar(select(MailboxState).filter_by(account=account, folder=folder))
    if state is not None:
        state.last_uid = max(state.last_uid, uid)
        state.updated_at = now()


def _keep_unparsable(settings: Settings, account: str, uidvalidity: int, uid: int, raw: bytes,
                     raw_sha: str, exc: Exception) -> bool:
    """A message the parser cannot read: kept as received (its .eml is in the store),
    recorded as 无法解析 with the reason, the UID advanced past it."""
    key = message_key(None, raw)
    folder = settings.mailbox.folder
    with open_store(settings.db_url).session() as s:
        _advance(s, account, folder, uid)
        if s.scalar(select(MailMessage).filter_by(key=key)) is not None:
            return False
        s.add(MailMessage(key=key, account=account, folder=folder, uidvalidity=uidvalidity,
                          uid=uid, raw_sha256=raw_sha, subject=None, sender=None,
                          sent_at=None, attachments=[], status="unparsable",
                          note=f"邮件无法解析，已原样保存（{str(exc)[:200]}），需人工查看。",
                          processed_at=now()))
    return True


def fetch_new(settings: Settings, on_message: Callable[[int, int], None] | None = None
              ) -> FetchReport:
    """Store every message after the last processed UID (UIDVALIDITY respected)."""
    store = open_store(settings.db_url)
    folder = settings.mailbox.folder
    with Mailbox(settings.mailbox) as box:
        report = FetchReport(account=box.account, uidvalidity=box.uidvalidity)
        with store.session() as s:
            state = s.scalar(select(MailboxState).filter_by(account=box.account, folder=folder))
            if state is None:
                state = MailboxState(account=box.account, folder=folder,
                                     uidvalidity=box.uidvalidity, last_uid=0)
                s.add(state)
            elif state.uidvalidity != box.uidvalidity:
                # the server renumbered the folder: read it all again; Message-IDs keep
                # what was already taken from being taken twice
                log.warning("邮箱 UIDVALIDITY 由 %s 变为 %s：重新读取全部邮件",
                            state.uidvalidity, box.uidvalidity)
                state.uidvalidity, state.last_uid = box.uidvalidity, 0
            last = state.last_uid
        uids = box.new_uids(last)
        for n, uid in enumerate(uids, 1):
            raw = box.fetch(uid)
            if keep_message(settings, box.account, box.uidvalidity, uid, raw):
                report.new += 1
            else:
                report.known += 1
            if on_message:
                on_message(n, len(uids))
    with store.session() as s:
        rows = s.scalars(select(MailMessage).filter_by(status="no-attachment",
                                                       uidvalidity=report.uidvalidity)
                         .where(MailMessage.uid > last)).all()
        report.without_files = [r.subject or r.sender or r.key for r in rows]
        bad = s.scalars(select(MailMessage).filter_by(status="unparsable",
                                                      uidvalidity=report.uidvalidity)
                        .where(MailMessage.uid > last)).all()
        report.unparsable = [f"UID {r.uid}（原件 {r.raw_sha256[:12]}…）" for r in bad]
    return report


def pending_packets(settings: Settings) -> list[MailPacket]:
    """The stored messages not yet processed, as one packet per applicant."""
    with open_store(settings.db_url).session() as s:
        rows = s.scalars(select(MailMessage).filter_by(status="stored")
                         .order_by(MailMessage.id)).all()
        mails = [StoredMail(key=r.key, subject=r.subject or "", sender=r.sender or "",
                            files=[StoredFile(**f) for f in r.attachments]) for r in rows]
    return group_packets(mails)


def materialise(settings: Settings, packet: MailPacket) -> Path:
    """The packet's files under their own names, copied out of the store."""
    folder = settings.mail_dir / packet.ref.removeprefix("mail:") / safe_name(packet.name)
    folder.mkdir(parents=True, exist_ok=True)
    originals = OriginalStore(settings.store_dir)
    used: set[str] = set()
    for f in packet.files:
        name = safe_name(f.name)
        stem, dot, ext = name.rpartition(".")
        n = 1
        while name in used:  # two attachments of one name: 文件（2）.docx
            n += 1
            name = f"{stem}（{n}）.{ext}" if dot else f"{ext}（{n}）"
        used.add(name)
        target = folder / name
        if not target.exists():
            # temp file, then rename: a stop mid-write never leaves half a file under the name
            part = folder / f".{name[:200]}.part"
            part.write_bytes(originals.path_for(f.sha256).read_bytes())
            os.replace(part, target)
    return folder


def _mark_processed(session, packet: MailPacket, others: list[MailPacket],  # noqa: ANN001
                    note: str = "已检查：") -> None:
    """Messages of this packet whose every packet is now recorded are processed."""
    for key in packet.message_keys:
        sharing = [p for p in others if key in p.message_keys and p.ref != packet.ref]
        if any(receipt_for(session, ORIGIN, p.ref) is None for p in sharing):
            continue
        row = session.scalar(select(MailMessage).filter_by(key=key))
        if row is not None and row.status == "stored":
            row.status, row.processed_at = "processed", now()
            row.note = note + "、".join([packet.name] + [p.name for p in sharing])


def check_mail_packet(settings: Settings, packet: MailPacket, batch: list[MailPacket]
                      ) -> PacketOutcome:
    """Check one packet from the mailbox, record it and mark its messages (see module doc)."""
    outcome = PacketOutcome(packet=packet.name, ref=packet.ref, messages=packet.message_keys)
    with open_store(settings.db_url).session() as s:
        if receipt_for(s, ORIGIN, packet.ref) is not None:
            outcome.already_recorded = True
            _mark_processed(s, packet, batch)
            return outcome

    def mark(session, result: CheckResult | None) -> None:  # noqa: ANN001
        _mark_processed(session, packet, batch, note="内容与已检查的材料包相同，未重复检查："
                        if result is None else "已检查：")

    report_dir = (settings.reports_dir
                  / f"{dt.datetime.now():%Y%m%d}_{safe_name(packet.name)}_{packet.ref[-8:]}")
    try:
        arrival = process_arrival(materialise(settings, packet), settings, origin=ORIGIN,
                                  ref=packet.ref, report_dir=report_dir, skip_known=True,
                                  within=mark)
    except Exception as exc:  # noqa: BLE001 — one packet must not stop the batch
        log.exception("材料包 %s 检查失败", packet.name)
        outcome.failure = f"{type(exc).__name__}: {exc}"
        return outcome  # its messages stay 'stored': the next batch tries again
    outcome.result, outcome.same_as = arrival.result, arrival.same_as
    outcome.report_dir = report_dir if arrival.result is not None else None
    return outcome


def settle_messages(settings: Settings, batch: list[MailPacket]) -> None:
    """After packets checked in parallel: mark the messages whose packets are all recorded."""
    with open_store(settings.db_url).session() as s:
        recorded = {p.ref for p in batch if receipt_for(s, ORIGIN, p.ref) is not None}
        for p in batch:
            if p.ref in recorded:
                _mark_processed(s, p, batch)


def write_batch_summary(settings: Settings, outcomes: list[PacketOutcome],
                        fetched: FetchReport | None) -> Path:
    """summary.json/html/xlsx of one mailbox batch, beside the packets' report folders."""
    from pipeline.outputs.report import batch_summary

    out = settings.reports_dir / f"mailbox-{dt.datetime.now():%Y%m%d-%H%M%S}"
    out.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, CheckResult | None, str | None]] = []
    skipped = [(subject, "邮件没有附件") for subject in (fetched.without_files if fetched else [])]
    skipped += [(what, "邮件无法解析，已原样保存，需人工查看")
                for what in (fetched.unparsable if fetched else [])]
    for o in outcomes:
        if o.already_recorded:
            continue
        if o.same_as:
            skipped.append((o.packet, f"内容与已检查的材料包相同，未重复检查；报告：{o.same_as}"))
            continue
        folder = str(o.report_dir.relative_to(settings.reports_dir)) if o.report_dir else o.packet
        rows.append(("../" + folder if o.report_dir else folder, o.result, o.failure))
    batch_summary(rows, out, skipped)
    return out


def run_mailbox_batch(settings: Settings,
                      progress: Callable[[int, int, str], None] | None = None
                      ) -> tuple[FetchReport, list[PacketOutcome], Path]:
    """The whole batch without Prefect (the CLI); the flow runs the same steps as tasks.
    `progress(n, total, text)` is told of each message stored and each packet begun."""
    say = progress or (lambda _n, _total, _text: None)
    fetched = fetch_new(settings, lambda n, total: say(n, total, "已保存邮件"))
    batch = pending_packets(settings)
    outcomes = []
    for n, packet in enumerate(batch, 1):
        say(n, len(batch), f"检查 {packet.name}（{len(packet.files)} 个附件）")
        outcomes.append(check_mail_packet(settings, packet, batch))
    settle_messages(settings, batch)
    return fetched, outcomes, write_batch_summary(settings, outcomes, fetched)


def processed_counts(settings: Settings) -> dict[str, int]:
    """Messages by status, and receipts taken from the mailbox (for tests and the CLI)."""
    with open_store(settings.db_url).session() as s:
        rows = s.scalars(select(MailMessage)).all()
        counts: dict[str, int] = {}
        for r in rows:
            counts[r.status] = counts.get(r.status, 0) + 1
        counts["receipts"] = len(s.scalars(select(Receipt).filter_by(origin=ORIGIN)).all())
    return counts
