"""The store: applicants, packets and how they arrived, documents, results, waivers, the
deficiency history that resubmissions are compared with, and the mailbox state.

SQLite under the data folder by default, any SQLAlchemy URL otherwise (PostgreSQL). The
schema is owned by the Alembic migrations in pipeline/records/migrations; `open_store` brings a
database to the newest revision before it is used.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
T = TypeVar("T")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)  # stored as UTC, naive (SQLite)


class Base(DeclarativeBase):
    pass


@event.listens_for(Session, "before_flush")
def _fit_strings(session: Session, _context: object, _instances: object) -> None:
    """Text longer than its column (an attachment name of 100 CJK characters, a garbled
    applicant name) made to fit (pipeline.core.textnorm.fit) instead of failing the insert on
    PostgreSQL; keys are made to fit where they are made, the same way."""
    from pipeline.core.textnorm import fit

    for instance in (*session.new, *session.dirty):
        for column in instance.__table__.columns:
            limit = getattr(column.type, "length", None)
            value = getattr(instance, column.key, None)
            if isinstance(column.type, String) and limit and isinstance(value, str) \
                    and len(value) > limit:
                setattr(instance, column.key, fit(value, limit))


class Applicant(Base):
    __tablename__ = "applicants"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)  # normalised name
    name: Mapped[str | None] = mapped_column(String(300))
    scheme: Mapped[str | None] = mapped_column(String(1))
    category: Mapped[str | None] = mapped_column(String(50))
    level: Mapped[str | None] = mapped_column(String(20))
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class PacketRow(Base):
    """One distinct packet: the same originals are the same packet, however they came."""

    __tablename__ = "packets"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicants.id"))
    name: Mapped[str] = mapped_column(String(500))
    version: Mapped[int] = mapped_column(Integer, default=1)  # nth packet of its applicant
    first_received: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Receipt(Base):
    """How a packet arrived: a message of the mailbox, an entry of the drop folder, a CLI
    run. (origin, ref) is unique, which makes taking the same arrival twice impossible."""

    __tablename__ = "receipts"
    __table_args__ = (UniqueConstraint("origin", "ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    packet_id: Mapped[int] = mapped_column(ForeignKey("packets.id"))
    origin: Mapped[str] = mapped_column(String(20))  # mailbox / inbox / cli / web
    ref: Mapped[str] = mapped_column(String(700))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("packet_id", "file"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    packet_id: Mapped[int] = mapped_column(ForeignKey("packets.id"))
    file: Mapped[str] = mapped_column(String(700))
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(30))
    part: Mapped[str | None] = mapped_column(String(50))


class ResultRow(Base):
    __tablename__ = "results"
    id: Mapped[int] = mapped_column(primary_key=True)
    packet_id: Mapped[int] = mapped_column(ForeignKey("packets.id"))
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"))
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    verdict: Mapped[str] = mapped_column(String(20))
    errors: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    notices: Mapped[int] = mapped_column(Integer)
    report_dir: Mapped[str | None] = mapped_column(String(1000))
    result_json: Mapped[str] = mapped_column(Text)


class WaiverRow(Base):
    __tablename__ = "waivers"
    __table_args__ = (UniqueConstraint("applicant_key", "deficiency_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_key: Mapped[str] = mapped_column(String(300))
    deficiency_id: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[str] = mapped_column(String(32))


class HistoryRow(Base):
    """The deficiencies found in each packet of an applicant (resubmission comparison)."""

    __tablename__ = "deficiency_history"
    __table_args__ = (UniqueConstraint("applicant_key", "digest"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_key: Mapped[str] = mapped_column(String(300))
    digest: Mapped[str] = mapped_column(String(64))
    packet: Mapped[str] = mapped_column(String(500))
    at: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)  # order of checking, last one wins
    deficiencies: Mapped[list] = mapped_column(JSON)


class MailboxState(Base):
    """Where the last mailbox batch stopped: UIDs mean something only within UIDVALIDITY."""

    __tablename__ = "mailbox_state"
    __table_args__ = (UniqueConstraint("account", "folder"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(300))
    folder: Mapped[str] = mapped_column(String(300))
    # unsigned 32-bit on the wire: BigInteger, or PostgreSQL's integer overflows
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class MailMessage(Base):
    """One e-mail taken from the mailbox. `key` is its Message-ID (or, without one, the
    SHA-256 of its bytes): the same message is never processed twice."""

    __tablename__ = "mail_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(700), unique=True)
    account: Mapped[str] = mapped_column(String(300))
    folder: Mapped[str] = mapped_column(String(300))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    raw_sha256: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(Text)
    sender: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[str | None] = mapped_column(String(64))
    attachments: Mapped[list] = mapped_column(JSON, default=list)  # [{name, sha256, size}]
    status: Mapped[str] = mapped_column(String(20))  # stored / processed / no-attachment
    note: Mapped[str | None] = mapped_column(Text)
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class User(Base):
    """A person of the secretariat: secretary (uploads, reads), reviewer (also waives and
    marks reviewed), admin (also manages accounts)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class WebSession(Base):
    """A login. Only the SHA-256 of the cookie's token is stored."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """Who did what: logins, uploads, waivers, reviews, account changes."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    username: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(500))
    detail: Mapped[str | None] = mapped_column(Text)


class Review(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    packet_id: Mapped[int] = mapped_column(ForeignKey("packets.id"))
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    note: Mapped[str | None] = mapped_column(Text)


class UploadJob(Base):
    """A packet dropped on the web page, and how far its check has come."""

    __tablename__ = "upload_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)  # in the page's address
    username: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    status: Mapped[str] = mapped_column(String(20))  # queued / checking / done / failed
    stage: Mapped[str] = mapped_column(String(300), default="")
    done_steps: Mapped[int] = mapped_column(Integer, default=0)
    total_steps: Mapped[int] = mapped_column(Integer, default=0)
    folder: Mapped[str] = mapped_column(String(1000))
    result_id: Mapped[int | None] = mapped_column(ForeignKey("results.id"))
    error: Mapped[str | None] = mapped_column(Text)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 (DB-API objects)
    # WAL: readers never wait for the writer; busy_timeout: worker processes of one batch
    # (Dask) take turns writing instead of failing with "database is locked"
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` on this database, one process at a time: the
    workers of a batch (Dask) all open the store at once, and two processes migrating the
    same new database would both create its tables."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _migration_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # released when this transaction ends
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


_LOCK_KEY = 0x79757368  # "yush": PostgreSQL advisory lock of the migrations


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """A file lock beside a SQLite database (PostgreSQL locks inside the transaction)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{database}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Store:
    """A session factory over one migrated database."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions() as session, session.begin():
            yield session


def retry_on_conflict(write: Callable[[], T]) -> T:
    """Run a read-then-insert-or-update transaction; when another process inserted the same
    key in between (the same packet checked twice at once), the second try updates it."""
    from sqlalchemy.exc import IntegrityError

    try:
        return write()
    except IntegrityError:
        return write()


_STORES: dict[str, Store] = {}
_LOCK = threading.Lock()


def open_store(url: str) -> Store:
    """The store at `url`, migrated once per process."""
    with _LOCK:
        if url not in _STORES:
            _STORES[url] = Store(url)
        return _STORES[url]
