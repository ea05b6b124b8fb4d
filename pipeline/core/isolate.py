"""One document read in a child process of its own, under a time and a memory limit.

A file that makes an extractor loop or swell (a crafted PDF, a picture that decodes to
gigabytes) then costs its own reading and nothing else: after `time_limit_s` the child is
killed; past `memory_limit_mb` of address space (RLIMIT_AS, set in the child only, so its
OCR and helper programs share it) allocations fail inside it. The children come from a
forkserver that has the extractors imported already, so each costs a fork, not an import.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("yushen.isolate")
PRELOAD = ["pipeline.engine.run", "extractors", "extractors.docx", "extractors.pdf", "extractors.ocr",
           "extractors.scan", "extractors.xlsx", "extractors.seals", "extractors._tesseract",
           "extractors._ppocr", "rapidocr.main", "tesserocr"]
_context: Any = None


@dataclass
class Outcome:
    status: str  # ok / timeout / memory / died
    value: Any = None
    detail: str = ""


def _forkserver() -> Any:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _child(connection, fn: Callable, args: tuple, memory_limit_mb: int) -> None:  # noqa: ANN001
    limit = memory_limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        connection.send(Outcome("ok", fn(*args)))
    except MemoryError:
        connection.send(Outcome("memory"))
    finally:
        connection.close()


def can_isolate() -> bool:
    """Read in-process where no child can be had: in a daemonic process (a Dask worker's),
    or when the main module cannot be imported again (a script read from standard input),
    which every forkserver child does first."""
    main = sys.modules.get("__main__")
    main_file = getattr(main, "__file__", None)
    if main_file and not Path(main_file).exists():
        return False
    return not multiprocessing.current_process().daemon


def run_limited(fn: Callable, args: tuple, time_limit_s: float, memory_limit_mb: int
                ) -> Outcome:
    """fn(*args) in a child process; its value, or why there is none."""
    context = _forkserver()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, fn, args, memory_limit_mb), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(time_limit_s):
            child.kill()
            return Outcome("timeout", detail=f"超过 {time_limit_s:.0f} 秒")
        try:
            return receive.recv()
        except EOFError:  # died without a word: killed by the kernel, a crash in C code
            child.join(5)
            return Outcome("died", detail=f"读取进程异常退出（退出码 {child.exitcode}）")
    finally:
        receive.close()
        child.join(5)
        if child.is_alive():
            child.kill()
