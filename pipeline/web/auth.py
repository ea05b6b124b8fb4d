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
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.db import AuditEntry, User, WebSession, now

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
    user = session.scalar(select(User).filter_by(username=username, active=True))
    try:
        if user is not None and _hasher.verify(user.password_hash, password):
            return user
    except (VerificationError, InvalidHashError):
        return None
    _hasher.hash(password)  # as slow for an unknown name: no telling names apart by time
    return None


def open_session(session: Session, user: User, hours: int) -> str:
    """A new login for `user`; returns the cookie's token."""
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
    return bool(given) and hmac.compare_digest(expected, given or "")


def audit(session: Session, username: str, action: str, target: str | None = None,
          detail: str | None = None) -> None:
    session.add(AuditEntry(username=username, action=action, target=target, detail=detail))
