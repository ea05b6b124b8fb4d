"""`yushen user add` and `yushen web --port N` as an outside evaluator runs them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.net import free_port

ROOT = Path(__file__).resolve().parent.parent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


def _other_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET: no packet is sent by a UDP connect
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_user_add_then_web_serves_on_loopback_only(tmp_path: Path) -> None:
    env = {**os.environ, "YUSHEN_NEW_PASSWORD": "correct-horse-battery"}
    made = subprocess.run([sys.executable, "-m", "pipeline.cli", "user", "add", "guanli",
                           "--role", "admin", "--name", "管理员"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert made.returncode == 0 and "已新建账号 guanli（管理员）" in made.stderr
    again = subprocess.run([sys.executable, "-m", "pipeline.cli", "user", "add", "guanli",
                            "--role", "admin"], capture_output=True, text=True, env=env,
                           timeout=60)
    assert again.returncode == 15 and "已存在" in again.stderr

    port = free_port()
    web = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "web", "--port", str(port)],
                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except OSError:
                assert web.poll() is None and time.monotonic() < deadline
                time.sleep(0.3)
        assert page.status == 200 and "登录" in page.read().decode()
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            opener.open(f"http://127.0.0.1:{port}/", timeout=5)
            raise AssertionError("the applicant list opened without a login")
        except urllib.error.HTTPError as refused:
            assert refused.code == 303 and refused.headers["location"].startswith("/login")
        other = _other_address()
        if other:  # not reachable from the network, only from this machine
            with socket.socket() as probe:
                probe.settimeout(2)
                assert probe.connect_ex((other, port)) != 0
    finally:
        web.terminate()
        web.wait(timeout=30)
