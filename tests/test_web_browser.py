"""The web page in headless Chromium (Debian's, driven by Playwright with executable_path),
as a secretary and a reviewer use it: log in, drop a packet, watch it checked, open the
report, waive one deficiency, download the notice. Screenshots are written to
out/test-artifacts/web/ (and the test's folder)."""

from __future__ import annotations

import base64
import shutil
import threading
import time
from pathlib import Path

import pytest

from pipeline.core.settings import Settings
from pipeline.records.db import open_store
from pipeline.web import auth
from tests.mime_fixtures import sample_zip
from tests.net import free_port

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "out" / "test-artifacts" / "web"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def web_url():
    import uvicorn

    from pipeline.web.app import create_app

    settings = Settings()
    with open_store(settings.db_url).session() as s:
        auth.add_user(s, "shenhe", PASSWORD, "reviewer", "王审核")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the web page did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _shot(page, tmp_path: Path, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    shutil.copy(tmp_path / f"{name}.png", ARTIFACTS / f"{name}.png")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed (setup.sh)")
def test_drop_check_waive_and_download_in_chromium(web_url: str, tmp_path: Path) -> None:
    from docx import Document
    from playwright.sync_api import sync_playwright

    packet = base64.b64encode(sample_zip("A2")).decode()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))

        page.goto(web_url + "/")
        assert page.url.startswith(web_url + "/login")  # nobody reads anything logged out
        page.fill("input[name=username]", "shenhe")
        page.fill("input[name=password]", PASSWORD)
        _shot(page, tmp_path, "01-login")
        page.click("button[type=submit]")
        page.wait_for_url(web_url + "/")
        assert "王审核（审核人员）" in page.inner_text("header")

        # a real drop event carrying the file, as the secretary's drag from the desktop
        transfer = page.evaluate_handle("""([name, b64]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], name, {type: "application/zip"}));
            return dt; }""", ["远航港口物流股份有限公司.zip", packet])
        page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
        page.wait_for_url("**/jobs/*")
        page.wait_for_selector("#fill")
        _shot(page, tmp_path, "02-progress")
        page.wait_for_url("**/results/*", timeout=300_000)
        assert "远航港口物流股份有限公司" in page.inner_text("h1")
        _shot(page, tmp_path, "03-result")

        rows = page.locator("table.deficiencies tr[id^=d-]")
        assert rows.count() >= 3
        first = rows.first
        message = first.locator("td").nth(3).inner_text().split("\n")[0]
        row_id = first.get_attribute("id")
        first.locator("input[name=reason]").fill("已电话核实，原件齐全")
        first.locator("button").click()
        page.wait_for_load_state()
        waived = page.locator(f"#{row_id}")
        assert waived.locator("td").first.inner_text() == "已豁免"
        assert "已豁免：已电话核实，原件齐全（王审核" in waived.inner_text()
        _shot(page, tmp_path, "04-waived")

        with page.expect_download() as download:
            page.click("#notice")
        notice = tmp_path / "notice.docx"
        download.value.save_as(str(notice))

        page.goto(page.url.split("#")[0] + "/report.html")  # the full report, images served
        assert page.locator("h1").inner_text() == "用户满意工程申报材料预审报告"
        for i in range(page.locator("img.crop").count()):
            assert page.locator("img.crop").nth(i).evaluate("i => i.complete && i.naturalWidth > 0")
        _shot(page, tmp_path, "05-report")
        browser.close()

    text = "\n".join(p.text for p in Document(str(notice)).paragraphs)
    text += "\n".join(c.text for t in Document(str(notice)).tables for r in t.rows for c in r.cells)
    assert "远航港口物流股份有限公司" in text
    assert message not in text  # the waived item is not sent back to the applicant
    assert all(u.startswith(web_url) or u.startswith("data:") for u in requests), \
        [u for u in requests if not u.startswith(web_url)]  # nothing from the internet
