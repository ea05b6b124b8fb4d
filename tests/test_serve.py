"""`yushen serve`: a local Prefect server when none is configured, the two deployments
with their schedules, and nothing left running after it is stopped."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.net import free_port

ROOT = Path(__file__).resolve().parent.parent


def _deployments(api: str) -> list[dict]:
    request = urllib.request.Request(api + "/deployments/filter", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_serve_starts_prefect_and_serves_both_schedules(mail_account, tmp_path: Path) -> None:
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    web_port = free_port()
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), YUSHEN_PREFECT_PORT=str(port),
               YUSHEN_WEB_PORT=str(web_port),
               YUSHEN_INBOX_POLL_MINUTES="3", YUSHEN_NIGHTLY_CRON="0 2 * * *")
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve"], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = time.monotonic() + 240
        found: list[dict] = []
        while len(found) < 2:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(1)
            try:
                found = _deployments(api)
            except OSError:
                continue
        schedules = {d["name"]: d["schedules"][0]["schedule"] for d in found}
        assert schedules["nightly"]["cron"] == "0 2 * * *"
        assert schedules["nightly"]["timezone"] == "Asia/Shanghai"
        assert schedules["drop-folder"]["interval"] == 180.0
        with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/login", timeout=5) as login:
            assert login.status == 200 and "登录" in login.read().decode()  # and the page
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
        log.close()
    time.sleep(1)
    with socket.socket() as probe:  # the Prefect server it started is gone too
        assert probe.connect_ex(("127.0.0.1", port)) != 0
