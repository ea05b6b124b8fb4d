"""Accounts, logins and who may do what.

Passwords are stored as argon2id hashes. A login is a server-side session: the cookie holds
a random token, the database only its SHA-256, so a copy of the database opens no session.
Each session has its CSRF token; every form and every script request that changes anything
sends it back, and it is compared in constant time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pipeline.records.db import AuditEntry, User, WebSession, now

ROLES = {"secretary": "秘书", "reviewer": "审核人员", "admin": "管理员"}
COOKIE = "yushen_session"
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A Chinese message for the person managing accounts."""


@dataclass(frozen=True)
class LoggedIn:
    user_id: int
    username: str
    display_name: str
    role: str
    csrf: str

    @property
    def may_review(self) -> bool:
        return self.role in ("reviewer", "admin")

    @property
    def role_zh(self) -> str:
        return ROLES[self.role]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(session: Session, username: str, password: str, role: str,
             display_name: str | None = None) -> User:
    if role not in ROLES:
        raise AccountError(f"角色只能是 {'、'.join(ROLES)}（{'、'.join(ROLES.values())}）")
    if len(password) < 10:
        raise AccountError("密码至少 10 个字符")
    if not username or session.scalar(select(User).filter_by(username=username)):
        raise AccountError(f"用户名“{username}”已存在或为空")
    user = User(username=username, display_name=display_name or username, role=role,
                password_hash=_hasher.hash(password), active=True)
    session.add(user)
    session.flush()
    return user


def verify_login(session: Session, username: str, password: str) -> User | None:
    if not username or len(username) > MAX_NAME or len(password) > 1024:
        return None  # no account has such a name: nothing to hash
    user = session.scalar(select(User).filter_by(username=username, active=True))
    try:
        if user is not None and _hasher.verify(user.password_hash, password):
            return user
    except (VerificationError, InvalidHashError):
        return None
    _hasher.hash(password)  # as slow for an unknown name: no telling names apart by time
    return None


def open_session(session: Session, user: User, hours: int) -> str:
    """A new login for `user`; returns the cookie's token. Expired logins are removed."""
    session.execute(delete(WebSession).where(WebSession.expires_at < now()))
    token = secrets.token_urlsafe(32)
    session.add(WebSession(token_hash=_digest(token), user_id=user.id,
                           csrf=secrets.token_urlsafe(24),
                           expires_at=now() + dt.timedelta(hours=hours)))
    return token


def session_user(session: Session, token: str | None) -> LoggedIn | None:
    if not token:
        return None
    row = session.scalar(select(WebSession).filter_by(token_hash=_digest(token)))
    if row is None or row.expires_at < now():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return LoggedIn(user.id, user.username, user.display_name, user.role, row.csrf)


def close_session(session: Session, token: str | None) -> None:
    if token:
        row = session.scalar(select(WebSession).filter_by(token_hash=_digest(token)))
        if row is not None:
            session.delete(row)


def csrf_ok(expected: str, given: str | None) -> bool:
    # bytes: compare_digest refuses non-ASCII str ("csrf=é" was a 500, not a 403)
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


MAX_NAME = 64  # a user name longer than this is no account's: refused without hashing


def safe_target(target: str | None, default: str = "/") -> str:
    """A redirect target on this site only: a path, no scheme, no host, no "//" or "\\"
    (which browsers read as another host)."""
    from urllib.parse import urlsplit

    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) \
            or "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else default


class LoginThrottle:
    """Failed logins counted per address and per user name over a window. Past `allowed`
    failures, each further attempt must wait twice as long as the last (1 s, 2 s, 4 s …,
    at most the window); a waiting attempt is refused before any password is hashed, so
    guessing costs the server nothing. A success clears the name's and address's count."""

    def __init__(self, allowed: int = 5, window_s: float = 900.0) -> None:
        import threading

        self.allowed, self.window_s = allowed, window_s
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, at: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if at - t < self.window_s]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def wait_s(self, keys: list[str], at: float) -> float:
        """Seconds until an attempt for these keys is heard again (0: now)."""
        with self._lock:
            longest = 0.0
            for key in keys:
                times = self._recent(key, at)
                over = len(times) - self.allowed
                if over >= 0:
                    delay = min(2.0 ** over, self.window_s)
                    longest = max(longest, times[-1] + delay - at)
            return max(longest, 0.0)

    def failed(self, keys: list[str], at: float) -> None:
        with self._lock:
            for key in keys:
                self._recent(key, at)
                self._failures.setdefault(key, []).append(at)
            if len(self._failures) > 100_000:  # a flood of names: forget the oldest
                for key in sorted(self._failures, key=lambda k: self._failures[k][-1])[:50_000]:
                    del self._failures[key]

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


def audit(session: Session, username: str, action: str, target: str | None = None,
          detail: str | None = None) -> None:
    session.add(AuditEntry(username=username[:MAX_NAME], action=action,
                           target=target[:300] if target else target,
                           detail=detail[:2000] if detail else detail))
