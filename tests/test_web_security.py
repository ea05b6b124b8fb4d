"""The web page's guards, on the real app and store: nobody reads anything without logging
in, a secretary cannot waive, CSRF tokens are required, unsafe names and oversized
uploads are refused, an archive that climbs out of its folder writes nothing outside."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from pipeline.core.settings import Settings
from pipeline.records.db import AuditEntry, UploadJob, WebSession, open_store
from pipeline.web import auth
from pipeline.web.app import create_app

PASSWORD = "correct-horse-battery"


def _client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), base_url="http://127.0.0.1")


def add(settings: Settings, username: str, role: str) -> None:
    with open_store(settings.db_url).session() as s:
        auth.add_user(s, username, PASSWORD, role, f"{username}姓名")


def login(client: TestClient, username: str) -> str:
    """Log in through the form; returns the session's CSRF token (from a page)."""
    form = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)


def _routes(routes: list) -> list[APIRoute]:
    """Every API route, also inside included routers (FastAPI keeps them as one entry)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += _routes(route.original_router.routes)
    return found


@pytest.fixture
def settings() -> Settings:
    return Settings()


def _wait(settings: Settings, token: str) -> UploadJob:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with open_store(settings.db_url).session() as s:
            job = s.scalar(select(UploadJob).filter_by(token=token))
            if job.status in ("done", "failed"):
                return job
        time.sleep(0.3)
    raise AssertionError("the upload was not checked in time")


def test_every_route_refuses_anonymous_access(settings: Settings) -> None:
    client = _client(settings)
    open_routes = {"/login"}
    checked = 0
    for route in _routes(client.app.routes):
        if route.path in open_routes:
            continue
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        for method in route.methods:
            response = client.request(method, path, headers={"accept": "application/json"},
                                      follow_redirects=False)
            assert response.status_code == 401, (method, route.path, response.status_code)
            checked += 1
            if method == "GET":  # a browser is sent to the login page instead
                page = client.get(path, headers={"accept": "text/html"}, follow_redirects=False)
                assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert checked >= 18  # every page, download and action of the app
    assert client.get("/static/app.js").status_code == 200  # the login page's own files


def test_a_wrong_password_does_not_log_in_and_is_recorded(settings: Settings) -> None:
    add(settings, "mishu", "secretary")
    client = _client(settings)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": "mishu", "password": "wrong-password",
                                           "csrf": token}, follow_redirects=False)
    assert response.headers["location"] == "/login?error=1"
    assert auth.COOKIE not in client.cookies
    with open_store(settings.db_url).session() as s:
        assert [e.action for e in s.scalars(select(AuditEntry))] == ["login-failed"]


def test_the_session_cookie_is_not_in_the_database(settings: Settings) -> None:
    add(settings, "mishu", "secretary")
    client = _client(settings)
    login(client, "mishu")
    cookie = client.cookies[auth.COOKIE]
    with open_store(settings.db_url).session() as s:
        stored = s.scalar(select(WebSession)).token_hash
    assert cookie not in stored and len(stored) == 64


def test_csrf_token_is_required_for_every_change(settings: Settings) -> None:
    add(settings, "shenhe", "reviewer")
    client = _client(settings)
    csrf = login(client, "shenhe")
    # the login form itself: without the token from its page, refused
    fresh = _client(settings)
    assert fresh.post("/login", data={"username": "shenhe", "password": PASSWORD},
                      follow_redirects=False).status_code == 403
    for path, data in [("/results/1/waive", {"deficiency": "x", "reason": "r"}),
                       ("/packets/1/reviewed", {"note": ""}), ("/logout", {}),
                       ("/users", {"username": "a", "password": "b" * 12, "role": "admin"})]:
        assert client.post(path, data=data).status_code == 403, path
        assert client.post(path, data={**data, "csrf": "forged"}).status_code == 403, path
    upload = client.post("/upload", files=[("files", ("a.docx", b"x"))])
    assert upload.status_code == 403
    assert client.post("/upload", files=[("files", ("a.docx", b"x"))],
                       headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303


def test_a_secretary_cannot_waive_or_mark_reviewed_but_a_reviewer_can(
        settings: Settings, tmp_path: Path) -> None:
    from tests.mime_fixtures import sample_zip

    add(settings, "mishu", "secretary")
    add(settings, "shenhe", "reviewer")
    secretary = _client(settings)
    csrf = login(secretary, "mishu")
    answer = secretary.post("/upload", files=[("files", ("远航港口物流股份有限公司.zip",
                                                          sample_zip("A2")))],
                            headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 200, answer.text
    job = _wait(settings, answer.json()["job"])
    assert job.status == "done", job.error
    page = secretary.get(f"/results/{job.result_id}").text
    assert "豁免理由" not in page  # no waive form for a secretary
    deficiency = re.search(r'id="d-([0-9a-f]{12})"', page).group(1)
    refused = secretary.post(f"/results/{job.result_id}/waive",
                             data={"deficiency": deficiency, "reason": "核实", "csrf": csrf})
    assert refused.status_code == 403 and "审核人员" in refused.json()["detail"]
    assert secretary.post(f"/packets/{job.result_id}/reviewed",
                          data={"csrf": csrf}).status_code == 403

    reviewer = _client(settings)
    csrf = login(reviewer, "shenhe")
    done = reviewer.post(f"/results/{job.result_id}/waive",
                         data={"deficiency": deficiency, "reason": "已电话核实", "csrf": csrf},
                         follow_redirects=False)
    assert done.status_code == 303
    page = reviewer.get(f"/results/{job.result_id}").text
    assert "已豁免：已电话核实（shenhe姓名" in page
    with open_store(settings.db_url).session() as s:
        entry = s.scalar(select(AuditEntry).filter_by(action="waive"))
        assert entry.username == "shenhe" and "已电话核实" in entry.detail


@pytest.mark.parametrize("name", ["../../evil.docx", "/etc/passwd", "子目录/申请书.docx", "..",
                                  "C:/Windows/x.docx",
                                  # issue 20, item 8: stems "." and ".." (a shared folder, a 500)
                                  "..zip", "...zip", "申" * 90 + ".zip"])
def test_an_unsafe_file_name_is_refused_and_nothing_is_kept(settings: Settings,
                                                           name: str) -> None:
    add(settings, "mishu", "secretary")
    client = _client(settings)
    csrf = login(client, "mishu")
    response = client.post("/upload", files=[("files", (name, b"data"))],
                           headers={"X-CSRF-Token": csrf})
    assert response.status_code == 400 and "文件名不合法" in response.json()["detail"]
    assert not (settings.data_dir / "web").exists() or not any(
        (settings.data_dir / "web").rglob("*.docx"))
    assert not Path("/evil.docx").exists()


@pytest.mark.parametrize("raw", [b"bad\x1bname.docx", b"bad\x00name.docx", b"line\nbreak.docx"])
def test_control_characters_in_a_raw_multipart_name_are_refused(settings: Settings,
                                                                raw: bytes) -> None:
    """A hand-made request (no browser or httpx escapes the bytes) with a control character
    in the file name."""
    add(settings, "mishu", "secretary")
    client = _client(settings)
    csrf = login(client, "mishu")
    body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + raw
            + b"\"\r\nContent-Type: application/octet-stream\r\n\r\ndata\r\n--XyZ--\r\n")
    response = client.post("/upload", content=body, headers={
        "X-CSRF-Token": csrf, "Content-Type": "multipart/form-data; boundary=XyZ"})
    assert response.status_code == 400, response.text
    assert not (settings.data_dir / "web").exists() or not any(
        (settings.data_dir / "web").rglob("*name*"))


def test_a_windows_full_path_keeps_only_the_file_name(settings: Settings) -> None:
    """Old browsers send C:\\…\\file: the multipart parser keeps the part after the last
    backslash, so only a plain name reaches yushen, inside the packet's own folder."""
    add(settings, "mishu", "secretary")
    client = _client(settings)
    csrf = login(client, "mishu")
    response = client.post("/upload", files=[("files", ("C:\\Windows\\x.docx", b"data"))],
                           headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200
    job = _wait(settings, response.json()["job"])
    kept = Path(job.folder)
    assert [p.name for p in kept.iterdir()] == ["x.docx"]
    assert kept.parent.parent == settings.data_dir / "web"


def test_an_archive_climbing_out_of_its_folder_is_checked_and_writes_nothing_outside(
        settings: Settings, tmp_path: Path) -> None:
    add(settings, "mishu", "secretary")
    client = _client(settings)
    csrf = login(client, "mishu")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../../../escaped-by-zip.txt", "outside")
        archive.writestr("申请书.txt", "inside")
    answer = client.post("/upload", files=[("files", ("华通.zip", buffer.getvalue()))],
                         headers={"X-CSRF-Token": csrf})
    job = _wait(settings, answer.json()["job"])
    assert job.status == "done", job.error
    report = client.get(f"/results/{job.result_id}/report.json").json()
    g08 = [d for d in report["deficiencies"] if d["rule_id"] == "G-08"]
    assert g08 and "escaped-by-zip.txt" in g08[0]["file"] + g08[0]["message"]
    for root in (settings.data_dir.parent, tmp_path, Path("/tmp"), Path.cwd()):
        assert not (root / "escaped-by-zip.txt").exists()


def test_an_upload_over_the_limit_is_refused_whole(settings: Settings,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YUSHEN_WEB_MAX_UPLOAD_MB", "1")
    settings = Settings()
    add(settings, "mishu", "secretary")
    client = _client(settings)
    csrf = login(client, "mishu")
    big = [("files", ("a.pdf", b"%PDF" + b"0" * 700_000)), ("files", ("b.pdf", b"0" * 700_000))]
    response = client.post("/upload", files=big, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 413 and "1 MB" in response.json()["detail"]
    with open_store(settings.db_url).session() as s:
        assert s.scalars(select(UploadJob)).all() == []
    assert not any((settings.data_dir / "web").rglob("*.pdf"))


def test_only_an_admin_manages_accounts(settings: Settings) -> None:
    add(settings, "guanli", "admin")
    add(settings, "shenhe", "reviewer")
    reviewer = _client(settings)
    csrf = login(reviewer, "shenhe")
    assert reviewer.get("/users").status_code == 403
    assert reviewer.post("/users", data={"username": "x", "password": "y" * 12,
                                         "role": "admin", "csrf": csrf}).status_code == 403
    admin = _client(settings)
    csrf = login(admin, "guanli")
    admin.post("/users", data={"username": "xinren", "password": "z" * 12,
                               "role": "secretary", "csrf": csrf})
    assert "xinren" in admin.get("/users").text


def test_a_closed_or_expired_session_opens_nothing(settings: Settings) -> None:
    import datetime as dt

    add(settings, "mishu", "secretary")
    client = _client(settings)
    csrf = login(client, "mishu")
    cookie = client.cookies[auth.COOKIE]
    client.post("/logout", data={"csrf": csrf})
    replay = _client(settings)
    replay.cookies.set(auth.COOKIE, cookie)  # the old cookie, kept by someone
    assert replay.get("/", headers={"accept": "application/json"}).status_code == 401

    login(client, "mishu")
    with open_store(settings.db_url).session() as s:
        for row in s.scalars(select(WebSession)):
            row.expires_at = dt.datetime(2000, 1, 1)
    assert client.get("/", headers={"accept": "application/json"}).status_code == 401
