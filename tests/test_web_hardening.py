"""Issue 20 on the web page: login throttling and name caps, CSRF compared as bytes,
security headers, the Secure cookie option, expired sessions purged, redirects kept on the
site, uploads streamed with an early 413 (chunked too), a bounded queue, and jobs a
stopped server left behind checked after a restart."""

from __future__ import annotations

import datetime as dt
import http.client
import http.cookiejar
import math
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pipeline.core.settings import Settings
from pipeline.records.db import AuditEntry, UploadJob, WebSession, open_store
from pipeline.web.app import create_app
from tests.net import free_port
from tests.test_web_security import PASSWORD, add, login

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def settings() -> Settings:
    return Settings()


def _client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), base_url="http://127.0.0.1")


def _login_form(client: TestClient) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)


def test_login_throttling_after_repeated_failures(settings: Settings) -> None:
    """300 wrong passwords in a row: the first few are heard (each an argon2 hash), then
    every attempt is refused with 429 and Retry-After before any hashing; the right
    password is refused too while the wait lasts (the guesser cannot tell)."""
    add(settings, "shenhe", "reviewer")
    client = _client(settings)
    token = _login_form(client)
    started = time.monotonic()
    codes = [client.post("/login", data={"username": "shenhe", "password": f"guess-{n}",
                                         "csrf": token}, follow_redirects=False).status_code
             for n in range(300)]
    elapsed = time.monotonic() - started
    allowed = settings.web_login_failures
    heard = codes.count(303)
    assert codes[:allowed + 1] == [303] * allowed + [429]
    # past the allowance one attempt is heard each time the doubling wait runs out
    assert heard <= allowed + math.ceil(math.log2(elapsed + 1)) + 1, (heard, elapsed)
    assert codes.count(429) == 300 - heard
    refused = client.post("/login", data={"username": "shenhe", "password": PASSWORD,
                                          "csrf": token}, follow_redirects=False)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert elapsed < 60, elapsed  # the refusals cost no hashing
    with open_store(settings.db_url).session() as s:
        failed = s.scalar(select(func.count()).select_from(AuditEntry)
                          .where(AuditEntry.action == "login-failed"))
    assert failed == heard


def test_an_overlong_user_name_is_refused_without_hashing_and_logged_short(
        settings: Settings) -> None:
    client = _client(settings)
    token = _login_form(client)
    name = "甲" * 5000
    response = client.post("/login", data={"username": name, "password": "x", "csrf": token},
                           follow_redirects=False)
    assert response.status_code == 303 and "error=1" in response.headers["location"]
    with open_store(settings.db_url).session() as s:
        logged = s.scalars(select(AuditEntry.username)
                           .where(AuditEntry.action == "login-failed")).all()
    assert logged and all(len(n) <= 64 for n in logged)


def test_a_non_ascii_csrf_token_is_a_403_not_a_500(settings: Settings) -> None:
    add(settings, "shenhe", "reviewer")
    client = _client(settings)
    login(client, "shenhe")
    response = client.post("/logout", data={"csrf": "é"}, follow_redirects=False)
    assert response.status_code == 403
    form = client.post("/login", data={"username": "a", "password": "b", "csrf": "é"},
                       follow_redirects=False)
    assert form.status_code == 403


def test_security_headers_on_pages(settings: Settings) -> None:
    response = _client(settings).get("/login")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert "<script>" not in response.text  # no inline script for the CSP to block


def test_secure_cookies_behind_https(settings: Settings) -> None:
    plain = _client(settings).get("/login").headers["set-cookie"]
    secure = _client(settings.model_copy(update={"web_secure_cookies": True})).get("/login")
    assert "secure" not in plain.lower() and "secure" in secure.headers["set-cookie"].lower()


def test_expired_sessions_are_purged_at_the_next_login(settings: Settings) -> None:
    add(settings, "shenhe", "reviewer")
    with open_store(settings.db_url).session() as s:
        s.add(WebSession(token_hash="0" * 64, user_id=1, csrf="x",
                         expires_at=dt.datetime(2020, 1, 1)))
    login(_client(settings), "shenhe")
    with open_store(settings.db_url).session() as s:
        assert s.scalar(select(WebSession).filter_by(token_hash="0" * 64)) is None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "/\\/evil.example", "javascript:alert(1)", "\x01/x"])
def test_a_login_never_redirects_off_the_site(settings: Settings, target: str) -> None:
    add(settings, "shenhe", "reviewer")
    client = _client(settings)
    token = _login_form(client)
    response = client.post("/login", data={"username": "shenhe", "password": PASSWORD,
                                           "csrf": token, "next": target},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_a_full_queue_refuses_uploads(settings: Settings) -> None:
    add(settings, "mishu", "secretary")
    client = _client(settings.model_copy(update={"web_queue_size": 0}))
    csrf = login(client, "mishu")
    response = client.post("/upload", headers={"x-csrf-token": csrf},
                           files=[("files", ("申请书.docx", b"x"))])
    assert response.status_code == 503


def test_a_job_left_checking_by_a_stopped_server_is_checked_after_restart(
        settings: Settings) -> None:
    import shutil

    from tests.conftest import SAMPLES

    folder = settings.data_dir / "web" / "restart" / "B3"
    shutil.copytree(SAMPLES / "packets" / "B3_交通工程类_三星_扫描件", folder)
    with open_store(settings.db_url).session() as s:
        s.add(UploadJob(token="a" * 32, username="mishu", status="checking", stage="读取",
                        folder=str(folder)))
    create_app(settings)  # the restart
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with open_store(settings.db_url).session() as s:
            status = s.scalar(select(UploadJob.status).filter_by(token="a" * 32))
        if status in ("done", "failed"):
            break
        time.sleep(1)
    assert status == "done"


def test_a_chunked_upload_past_the_limit_is_refused_early(tmp_path: Path) -> None:
    """A real server (yushen web) and a client streaming a multipart body chunked, with
    no Content-Length, meant to be 2 GB: the server answers 413 once 1 MB (the limit set
    here) has passed, and the client's further writes fail; the bytes the server took are
    bounded by the limit, not by the 2 GB."""
    env = {**os.environ, "YUSHEN_NEW_PASSWORD": PASSWORD, "YUSHEN_WEB_MAX_UPLOAD_MB": "1"}
    subprocess.run([sys.executable, "-m", "pipeline.cli", "user", "add", "mishu", "--role",
                    "secretary"], env=env, check=True, capture_output=True, timeout=60)
    port = free_port()
    web = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "web", "--port", str(port)],
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except OSError:
                assert web.poll() is None and time.monotonic() < deadline
                time.sleep(0.3)

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = opener.open(f"http://127.0.0.1:{port}/login").read().decode()
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"username": "mishu", "password": PASSWORD,
                                       "csrf": token}).encode()
        home = opener.open(f"http://127.0.0.1:{port}/login", data=body).read().decode()
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', home).group(1)
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.putrequest("POST", "/upload")
        connection.putheader("Cookie", cookie)
        connection.putheader("X-CSRF-Token", csrf)
        connection.putheader("Content-Type", "multipart/form-data; boundary=b")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        sent = 0
        head = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.zip"\r\n\r\n'
        chunk = b"\0" * 65536
        try:
            connection.send(b"%x\r\n%s\r\n" % (len(head), head))
            while sent < 2 * 1024**3:
                connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        except OSError:
            pass  # the server stopped reading and closed: what we want
        status = connection.getresponse().status
        assert status == 413
        assert sent < 64 * 1024 * 1024, sent  # refused early, not after 2 GB
        assert not list((Settings().data_dir / "web").rglob("a.zip"))  # nothing kept
    finally:
        web.terminate()
        web.wait(timeout=30)
