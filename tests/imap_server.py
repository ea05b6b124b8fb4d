"""A real IMAP server for the tests: Debian's Dovecot, run from a temporary folder on
127.0.0.1 with IMAP over TLS (a certificate made for the run), one account per test.

Dovecot's rawlog writes every command a client sends after LOGIN to rawlog/USER/*.in, and
imap_id_log puts each ID command in the log: the tests read both to prove the order
LOGIN → ID → SELECT that 163.com insists on.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.net import free_port

CONFIG = """\
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = required
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd/%u
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={d}/home/%u
}}
mail_location = maildir:~/Maildir
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 100
imap_id_log = *
protocol imap {{
  rawlog_dir = {d}/rawlog/%u
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
"""


@dataclass
class Account:
    user: str
    password: str
    server: DovecotServer

    def commands(self) -> list[str]:
        """Every command this account's clients sent after LOGIN, in order (rawlog)."""
        lines: list[str] = []
        for f in sorted((self.server.root / "rawlog" / self.user).glob("*.in")):
            lines += f.read_text(encoding="utf-8", errors="replace").splitlines()
        return lines


class DovecotServer:
    def __init__(self) -> None:
        # Dovecot's auth and mail processes run as the dovecot user: its folder must be
        # reachable for them, which pytest's 0700 temporary folders are not
        self.root = Path(tempfile.mkdtemp(prefix="yushen-dovecot-"))
        self.root.chmod(0o711)
        self.port = free_port()
        self.config = self.root / "dovecot.conf"

    @property
    def ca_file(self) -> Path:
        return self.root / "cert.pem"

    def start(self) -> None:
        binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
        if not Path(binary).exists():
            raise RuntimeError("dovecot is not installed: run bash scripts/setup.sh")
        d = self.root
        for sub in ("run", "state", "home", "rawlog", "passwd"):
            (d / sub).mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem")],
            check=True, capture_output=True)
        shutil.chown(d / "home", "dovecot", "dovecot")
        shutil.chown(d / "rawlog", "dovecot", "dovecot")
        self.config.write_text(CONFIG.format(d=d, port=self.port), encoding="utf-8")
        # the daemon keeps its stdout/stderr open: a file, not a pipe to wait on
        with open(d / "start.out", "wb") as out:
            started = subprocess.run([binary, "-c", str(self.config)], stdin=subprocess.DEVNULL,
                                     stdout=out, stderr=subprocess.STDOUT)
        if started.returncode:
            raise RuntimeError("dovecot failed to start:\n"
                               + (d / "start.out").read_text(errors="replace") + self.log())
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("dovecot did not start:\n" + self.log())

    def stop(self) -> None:
        doveadm = shutil.which("doveadm") or "/usr/bin/doveadm"
        subprocess.run([doveadm, "-c", str(self.config), "stop"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def account(self) -> Account:
        """A new, empty mailbox. Each account has a passwd file of its own: one shared file
        is not re-read when it changes within the second it was last read."""
        user = f"u{uuid.uuid4().hex[:10]}"
        password = uuid.uuid4().hex
        entry = self.root / "passwd" / user
        entry.write_text(f"{user}:{{PLAIN}}{password}::::::\n", encoding="utf-8")
        entry.chmod(0o644)
        (self.root / "rawlog" / user).mkdir()
        shutil.chown(self.root / "rawlog" / user, "dovecot", "dovecot")
        return Account(user=user, password=password, server=self)
