"""A progress bar on the command line: one line per step, so it reads the same in a
terminal, in a log file and in the nightly job's mail."""

from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 20


def bar_line(n: int, total: int, text: str) -> str:
    filled = WIDTH * n // total if total else WIDTH
    return f"[{'█' * filled}{'░' * (WIDTH - filled)}] {n}/{total} {text}"


def printer(stream: TextIO | None = None):  # noqa: ANN201 — a callback (n, total, text)
    def show(n: int, total: int, text: str) -> None:
        print(bar_line(n, total, text), file=stream or sys.stderr, flush=True)

    return show
