"""A real PostgreSQL server for the store tests: Debian's PostgreSQL, a cluster made in a
temporary folder and run as the postgres user on 127.0.0.1 (trust authentication)."""

from __future__ import annotations

import glob
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.net import free_port


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run bash scripts/setup.sh")
    return found[-1]


def _as_postgres(*cmd: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True, capture_output=True,
                   stdin=subprocess.DEVNULL)


class PostgresServer:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="yushen-pg-"))
        self.root.chmod(0o755)
        self.port = free_port()

    def start(self) -> None:
        data = self.root / "data"
        data.mkdir()
        shutil.chown(self.root, "postgres", "postgres")
        shutil.chown(data, "postgres", "postgres")
        _as_postgres(_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                     "-E", "UTF8", "--locale=C")
        _as_postgres(_bin("pg_ctl"), "-D", str(data), "-l", str(self.root / "server.log"),
                     "-w", "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1",
                     "start")

    def create_database(self, name: str) -> str:
        _as_postgres(_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                     name)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", _bin("pg_ctl"), "-D",
                        str(self.root / "data"), "-m", "fast", "-w", "stop"],
                       capture_output=True, stdin=subprocess.DEVNULL)
        shutil.rmtree(self.root, ignore_errors=True)
