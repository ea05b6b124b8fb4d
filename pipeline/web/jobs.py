"""Packets dropped on the web page: kept as files, then checked in the background with the
same library steps as `yushen check`, their progress written where the page can read it."""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, select, update
from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from pipeline.arrivals.mail_packets import company_in
from pipeline.core.result import CheckResult
from pipeline.core.settings import Settings
from pipeline.core.textnorm import safe_name
from pipeline.records.db import UploadJob, open_store

log = logging.getLogger("yushen.web")
ORIGIN = "web"
CHUNK = 1024 * 1024
# A name with a path in it: ../, /abs, C:\, \\server, or control characters
_BAD_NAME = re.compile(r"[\\/]|^\.\.?$|^[A-Za-z]:|[\x00-\x1f\x7f]")


class UploadRejected(ValueError):
    """The upload is refused as a whole, with a Chinese reason (nothing is kept)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def check_name(name: str) -> str:
    name = name.strip()
    if (not name or _BAD_NAME.search(name) or len(name.encode("utf-8")) > 255
            or not Path(name).stem.strip(". ")):
        raise UploadRejected(f"文件名不合法：“{name[:80]}”（不能含路径、“..”、控制字符，"
                             "不能只有点号，不能超过 255 字节）。")
    return name


def packet_name(names: list[str]) -> str:
    """One archive keeps its own name; loose files are named by their company."""
    if len(names) == 1:
        return safe_name(Path(names[0]).stem, fallback="网页上传")
    company = next((c for c in map(company_in, names) if c), None)
    return safe_name(company) if company else f"网页上传-{dt.datetime.now():%Y%m%d-%H%M%S}"


def save_upload(settings: Settings, username: str, files: list[tuple[str, BinaryIO]]) -> str:
    """Keep the dropped files as one packet folder and queue its check; returns the job's
    token. Refused whole when a name is unsafe or the files pass the size limit."""
    if not files:
        raise UploadRejected("没有收到文件。")
    names = [check_name(n) for n, _ in files]
    if len(set(names)) != len(names):
        raise UploadRejected("同一材料包中有重名文件。")
    token = secrets.token_hex(16)
    folder = settings.data_dir / "web" / token / packet_name(names)
    folder.mkdir(parents=True)
    limit = settings.web_max_upload_mb * 1024 * 1024
    total = 0
    try:
        for name, stream in files:
            with open(folder / name, "wb") as out:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise UploadRejected(
                            f"材料包超过 {settings.web_max_upload_mb} MB 上限，未接收。", 413)
                    out.write(chunk)
    except UploadRejected:
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
        raise
    with open_store(settings.db_url).session() as s:
        s.add(UploadJob(token=token, username=username, status="queued", stage="等待检查",
                        folder=str(folder)))
    return token


def _progress(settings: Settings, token: str, **fields: object) -> None:
    with open_store(settings.db_url).session() as s:
        job = s.scalar(select(UploadJob).filter_by(token=token))
        for key, value in fields.items():
            setattr(job, key, value)


def run_job(settings: Settings, token: str) -> None:
    """Check a queued upload: intake, each file, the rules, the reports, the record."""
    from pipeline.arrivals.process import process_arrival
    from pipeline.engine.run import extract_documents
    from pipeline.intake.receive import intake

    with open_store(settings.db_url).session() as s:
        job = s.scalar(select(UploadJob).filter_by(token=token))
        folder, username = Path(job.folder), job.username
    try:
        _progress(settings, token, status="checking", stage="接收与解压")
        intaken = intake(folder, settings)
        total = len(intaken.sources) + 3
        _progress(settings, token, done_steps=1, total_steps=total)

        def read(sources: list, settings: Settings) -> tuple[list, list]:
            read_files = extract_documents(
                sources, settings, lambda n, source: _progress(
                    settings, token, stage=f"读取 {source.name}", done_steps=n))
            _progress(settings, token, stage="分类、检查与写报告", done_steps=total - 2)
            return read_files

        def audited(session, result: CheckResult | None) -> None:  # noqa: ANN001
            from pipeline.web.auth import audit

            if result is not None:
                audit(session, username, "upload", intaken.name,
                      f"{result.verdict}：错误 {result.counts['error']}，警告 "
                      f"{result.counts['warning']}，提示 {result.counts['notice']}")

        arrival = process_arrival(intaken, settings, origin=ORIGIN, ref=token,
                                  report_dir=folder.parent / "报告", read=read,
                                  within=audited)
        _progress(settings, token, status="done", stage="完成", done_steps=total,
                  result_id=arrival.result_id)
    except Exception as exc:  # noqa: BLE001 — shown on the page; the files stay kept
        log.exception("网页上传 %s 检查失败", token)
        _progress(settings, token, status="failed", stage="检查失败",
                  error=f"{type(exc).__name__}: {exc}")


async def read_form(request: Request, limit: int, too_big: str) -> FormData:
    """The multipart body parsed as it streams in, counted as it comes: a body past
    `limit` (chunked, without a Content-Length, or one that lies) is refused with `too_big`
    when the limit is passed, having kept no more than the limit on disk (Starlette spools
    the files)."""
    async def counted() -> AsyncIterator[bytes]:
        total = 0
        async for chunk in request.stream():
            total += len(chunk)
            if total > limit:
                raise UploadRejected(too_big, 413)
            yield chunk

    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UploadRejected("上传格式不正确（应为 multipart/form-data）。", 415)
    parser = MultiPartParser(request.headers, counted(), max_files=10000, max_fields=100)
    try:
        return await parser.parse()
    except MultiPartException as exc:
        raise UploadRejected(f"上传内容无法解析：{exc.message}") from exc


class JobQueue:
    """Uploads are checked one at a time, oldest first, by one worker thread. The queue
    is the upload_jobs table itself, so it survives a restart: `resume` puts back what a
    stopped server left "checking". At most `web_queue_size` wait; more are refused."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = open_store(settings.db_url)
        self._wake = threading.Event()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    def waiting(self) -> int:
        with self.store.session() as s:
            return s.scalar(select(func.count()).select_from(UploadJob)
                            .where(UploadJob.status == "queued")) or 0

    def full(self) -> bool:
        return self.waiting() >= self.settings.web_queue_size

    def resume(self) -> None:
        with self.store.session() as s:
            s.execute(update(UploadJob).where(UploadJob.status == "checking")
                      .values(status="queued", stage="等待检查（服务重启后重新排队）"))
        self.wake()

    def wake(self) -> None:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, daemon=True,
                                                name="yushen-upload-worker")
                self._worker.start()
        self._wake.set()

    def _claim(self) -> str | None:
        """The oldest queued job, marked checking here (another server on the same
        database cannot take it too)."""
        with self.store.session() as s:
            for token in s.scalars(select(UploadJob.token).where(UploadJob.status == "queued")
                                   .order_by(UploadJob.id).limit(5)):
                taken = s.execute(update(UploadJob).where(UploadJob.token == token,
                                                          UploadJob.status == "queued")
                                  .values(status="checking"))
                if taken.rowcount == 1:
                    return token
        return None

    def _run(self) -> None:
        while True:
            token = self._claim()
            if token is None:
                self._wake.wait(timeout=30)
                self._wake.clear()
                continue
            run_job(self.settings, token)
