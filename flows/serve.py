"""`yushen serve`: the deployments — the nightly mailbox batch on a cron schedule in the
committee's time zone, the drop folder polled every few minutes — served by this process,
against the configured Prefect API or a local Prefect server started here."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta

from prefect.schedules import Cron, Interval

from pipeline.core.settings import Settings


def deployments(settings: Settings) -> list:
    from flows.inbox import inbox
    from flows.mailbox import nightly_mailbox

    runs = [inbox.to_deployment(
        name="drop-folder", description="收件文件夹：新放入的材料包逐个检查",
        concurrency_limit=1,  # a run longer than the interval is not overlapped
        schedule=Interval(timedelta(minutes=settings.inbox_poll_minutes),
                          timezone=settings.timezone))]
    if settings.mailbox.configured:
        runs.append(nightly_mailbox.to_deployment(
            name="nightly", description="夜间读取委员会邮箱的新邮件并检查",
            schedule=Cron(settings.nightly_cron, timezone=settings.timezone)))
    return runs


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def ensure_server(settings: Settings, wait_s: float = 120) -> subprocess.Popen | None:
    """Use PREFECT_API_URL when it is set; otherwise start `prefect server start` on
    127.0.0.1 and point this process at it. Returns the server process it started."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    url = f"http://127.0.0.1:{settings.prefect_port}/api"
    process = None
    if not _healthy(url):
        process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
             "--port", str(settings.prefect_port)], stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + wait_s
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                process.terminate()
                raise RuntimeError(f"本地 Prefect 服务未能启动（端口 {settings.prefect_port}）")
            time.sleep(0.5)
    os.environ["PREFECT_API_URL"] = url
    return process


def _start_web(settings: Settings):  # noqa: ANN202 — a uvicorn.Server
    """The web page in a thread of this process, on 127.0.0.1 only."""
    import threading

    import uvicorn

    from pipeline.web.app import create_app

    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=settings.web_port,
                            log_level="warning")
    web = uvicorn.Server(config)
    threading.Thread(target=web.run, daemon=True, name="yushen-web").start()
    print(f"yushen 网页：http://127.0.0.1:{settings.web_port}/", file=sys.stderr)
    return web


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    raise SystemExit(0)  # so that `finally` stops the Prefect server this process started


def serve_all(settings: Settings | None = None) -> None:
    settings = settings or Settings()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    server = ensure_server(settings)
    web = _start_web(settings)
    try:
        from prefect import serve

        runs = deployments(settings)
        print(f"yushen serve：Prefect {os.environ['PREFECT_API_URL']}，部署 "
              + "、".join(d.name for d in runs), file=sys.stderr)
        serve(*runs)
    finally:
        web.should_exit = True
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
