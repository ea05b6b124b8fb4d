"""The committee mailbox over IMAP: LOGIN → ID → SELECT, then the messages after a UID.

163.com answers SELECT with "NO SELECT Unsafe Login" until the client has sent the RFC
2971 ID command (FACTS.md), so ID always follows LOGIN. The folder is opened read-only
(EXAMINE) and bodies are fetched with BODY.PEEK[]: the batch never changes the mailbox
the secretaries read, not even the unread marks.
"""

from __future__ import annotations

import logging
import socket
import ssl
import time
from collections.abc import Callable
from typing import TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import CapabilityError, IMAPClientAbortError, LoginError

from pipeline.core.errors import ExitCode, YushenError
from pipeline.core.settings import MailboxSettings

log = logging.getLogger("yushen.mailbox")
T = TypeVar("T")
# Worth another try: the network, TLS, or the server dropping the connection
TRANSIENT = (OSError, socket.timeout, ssl.SSLError, IMAPClientAbortError)


class MailboxError(YushenError):
    """The mailbox could not be read (after the retries): the batch stops, nothing lost."""

    exit_code = ExitCode.mailbox_unavailable


class MailboxUnreachable(MailboxError):
    """Connection errors outlasted the retries: worth trying again later, unlike a refused
    login or a missing configuration."""


def with_retries(action: Callable[[], T], attempts: int, backoff_s: float, what: str,
                 sleep: Callable[[float], None] = time.sleep) -> T:
    """Run `action`; on a connection error wait backoff_s, 2×, 4× … and try again."""
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except TRANSIENT as exc:
            if attempt == attempts:
                raise MailboxUnreachable(f"{what}失败（已重试 {attempts} 次）：{exc}") from exc
            wait = backoff_s * 2 ** (attempt - 1)
            log.warning("%s：%s；%.1f 秒后重试（第 %d/%d 次）", what, exc, wait, attempt, attempts)
            sleep(wait)
    raise AssertionError("unreachable")


class Mailbox:
    """A read-only session on one folder: `with Mailbox(settings) as box: box.new_uids(n)`."""

    def __init__(self, settings: MailboxSettings) -> None:
        if not settings.configured:
            raise MailboxError("未配置邮箱：请设置 YUSHEN_MAILBOX_USER 和 YUSHEN_MAILBOX_PASSWORD"
                               "（客户端授权码）或 YUSHEN_MAILBOX_PASSWORD_FILE。")
        self.settings = settings
        self.client: IMAPClient | None = None
        self.uidvalidity = 0
        self.server_id: dict | None = None

    @property
    def account(self) -> str:
        return f"{self.settings.user}@{self.settings.host}"

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(
            cafile=str(self.settings.ca_file) if self.settings.ca_file else None)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context

    def _connect(self) -> None:
        s = self.settings
        client = IMAPClient(s.host, port=s.port, ssl=s.tls,
                            ssl_context=self._tls_context() if s.tls else None,
                            timeout=s.timeout_s)
        try:
            client.login(s.user, s.secret())
        except LoginError as exc:
            client.shutdown()
            # not transient: a wrong 授权码 does not get better by retrying
            raise MailboxError(f"邮箱 {s.user} 登录失败：请检查客户端授权码（不是网页登录密码）。"
                               ) from exc
        try:
            self.server_id = client.id_({"name": s.client_name, "version": s.client_version,
                                         "vendor": s.client_vendor})
        except CapabilityError:
            log.warning("服务器不支持 ID 命令，直接选择文件夹")
        info = client.select_folder(s.folder, readonly=True)
        self.uidvalidity = int(info[b"UIDVALIDITY"])
        self.client = client

    def __enter__(self) -> Mailbox:
        s = self.settings
        with_retries(self._connect, s.attempts, s.backoff_s, f"连接邮箱 {s.host}:{s.port}")
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.client is not None:
            try:
                self.client.logout()
            except Exception:  # noqa: BLE001 — the session is over either way
                self.client.shutdown()
            self.client = None

    def _reconnect_and(self, action: Callable[[IMAPClient], T], what: str) -> T:
        def attempt() -> T:
            if self.client is None:
                before = self.uidvalidity
                self._connect()
                if before and self.uidvalidity != before:
                    raise MailboxError("重新连接后邮箱 UIDVALIDITY 改变，本批次停止，下次重新读取。")
            try:
                return action(self.client)  # type: ignore[arg-type]
            except TRANSIENT:
                self.client = None  # a broken connection: reconnect on the next attempt
                raise

        s = self.settings
        return with_retries(attempt, s.attempts, s.backoff_s, what)

    def new_uids(self, after: int) -> list[int]:
        """UIDs greater than `after`, ascending. ("n:*" always matches the newest message,
        even one below n, hence the filter.)"""
        found = self._reconnect_and(lambda c: c.search(["UID", f"{after + 1}:*"]), "查找新邮件")
        return sorted(uid for uid in found if uid > after)

    def fetch(self, uid: int) -> bytes:
        """The message exactly as the server holds it."""
        data = self._reconnect_and(lambda c: c.fetch([uid], ["BODY.PEEK[]"]), f"读取邮件 {uid}")
        if uid not in data:
            raise MailboxError(f"邮件 UID {uid} 已不在邮箱中。")
        return bytes(data[uid][b"BODY[]"])
