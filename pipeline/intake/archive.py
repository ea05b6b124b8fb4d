"""Read archive members into the original store without ever writing by member name.

Members are streamed into the content-addressed store, so a hostile name ("../x",
"/etc/x", "C:\\x") cannot place a file anywhere; names are only cleaned for display.
Limits (size, ratio, count) are enforced on the bytes actually produced, not on the
sizes an archive header claims.
"""

from __future__ import annotations

import binascii
import lzma
import os
import re
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import py7zr
import py7zr.exceptions
import py7zr.io
import rarfile

from pipeline.core.settings import ArchiveLimits
from pipeline.intake.originals import OriginalStore, StoreLimitExceeded


@dataclass
class Member:
    name: str  # cleaned display name inside the archive
    sha256: str
    size: int
    stored_path: Path


@dataclass
class Problem:
    """Something wrong inside an archive; becomes a deficiency naming the member."""

    rule_id: str  # G-06 unreadable, G-08 unsafe or over a limit
    severity: str
    member: str | None
    message: str
    evidence: str | None = None


@dataclass
class Unpacked:
    members: list[Member] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Budget:
    """Bytes left for the whole packet; shared across nested archives."""

    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.total = 0
        self.members = 0


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_member_name(raw: str) -> tuple[str, str | None]:
    """Return a safe display name and, if the raw name was unsafe, why."""
    reason = None
    name = raw.replace("\\", "/")
    if _CONTROL.search(name):
        reason = "文件名含控制字符"
        name = _CONTROL.sub("_", name)
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        reason = "文件名为绝对路径"
        name = re.sub(r"^[A-Za-z]:", "", name).lstrip("/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        reason = "文件名含“../”，试图写到解压目录之外"
        parts = [p for p in parts if p != ".."]
    return "/".join(parts) or "(无名文件)", reason


def _decode_zip_name(info: zipfile.ZipInfo) -> str:
    """Names without the UTF-8 flag: Info-ZIP Unicode Path field, else UTF-8, else GB18030."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    extra = info.extra
    i = 0
    while i + 4 <= len(extra):
        tag, length = struct.unpack("<HH", extra[i : i + 4])
        body = extra[i + 4 : i + 4 + length]
        if tag == 0x7075 and len(body) >= 5 and body[0] == 1:
            (crc,) = struct.unpack("<I", body[1:5])
            if crc == binascii.crc32(raw) & 0xFFFFFFFF:
                try:
                    return body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    pass
        i += 4 + length
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


class _LimitedReader:
    """Wraps a member stream; raises once output passes the member or ratio limit."""

    def __init__(self, stream: BinaryIO, packed: int, limits: ArchiveLimits) -> None:
        self.stream = stream
        self.packed = max(packed, 1)
        self.limits = limits
        self.count = 0

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(n)
        self.count += len(data)
        if self.count > 1024 * 1024 and self.count / self.packed > self.limits.max_ratio:
            raise StoreLimitExceeded(self.count)
        return data


def _bomb_problem(name: str, limits: ArchiveLimits, what: str) -> Problem:
    return Problem(
        "G-08", "error", name,
        f"压缩包成员“{name}”解压后{what}，疑似“压缩炸弹”，已停止解压该成员；"
        "原始压缩包已保存，请申请人重新打包后提交。",
        f"单个成员上限 {limits.max_member_bytes // (1024 * 1024)} MiB，"
        f"压缩比上限 {limits.max_ratio:g}:1，整包上限 {limits.max_total_bytes // (1024 * 1024)} MiB",
    )


def _store_member(store: OriginalStore, budget: _Budget, name: str, stream: BinaryIO,
                  packed: int, out: Unpacked) -> None:
    limits = budget.limits
    budget.members += 1
    limit = min(limits.max_member_bytes, limits.max_total_bytes - budget.total)
    reader = _LimitedReader(stream, packed, limits)
    try:
        sha, size, path = store.put_stream(reader, limit=limit)  # type: ignore[arg-type]
    except StoreLimitExceeded:
        out.problems.append(_bomb_problem(name, limits, "超过大小或压缩比上限"))
        return
    budget.total += size
    out.members.append(Member(name, sha, size, path))


def _unsafe_name(name: str, unsafe: str, raw: str) -> Problem:
    return Problem("G-08", "warning", name,
                   f"压缩包成员名称不安全（{unsafe}），已按“{name}”读取，未写到包外。", raw)


def _not_read(name: str, what: str = "符号链接") -> Problem:
    return Problem("G-08", "warning", name, f"压缩包成员“{name}”是{what}，出于安全原因未读取。")


def _over_count(budget: _Budget, out: Unpacked, archive_name: str) -> bool:
    if budget.members >= budget.limits.max_members:
        out.problems.append(Problem(
            "G-08", "error", archive_name,
            f"压缩包“{archive_name}”内文件数超过上限 {budget.limits.max_members}，其余文件未解压。"))
        return True
    return False


def _unpack_zip(path: Path, archive_name: str, store: OriginalStore, budget: _Budget) -> Unpacked:
    out = Unpacked()
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        out.problems.append(Problem("G-06", "error", archive_name,
                                    f"压缩包“{archive_name}”已损坏，无法打开。", str(exc)))
        return out
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            if _over_count(budget, out, archive_name):
                break
            name, unsafe = clean_member_name(_decode_zip_name(info))
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                out.problems.append(_not_read(name))
                continue
            if unsafe:
                out.problems.append(_unsafe_name(name, unsafe, info.filename))
            if info.flag_bits & 0x1:
                out.problems.append(Problem(
                    "G-06", "error", name,
                    f"“{name}”在压缩包中已加密（设置了密码），无法打开；请提供未加密的文件。"))
                continue
            try:
                with zf.open(info) as stream:
                    _store_member(store, budget, name, stream, info.compress_size, out)  # type: ignore[arg-type]
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError,
                    RuntimeError, zlib.error, lzma.LZMAError) as exc:
                # a bit-flipped deflate or LZMA stream raises zlib.error / LZMAError: that
                # member is damaged, the rest of the packet is still read
                out.problems.append(Problem(
                    "G-06", "error", name,
                    f"压缩包成员“{name}”已损坏，无法解压。", str(exc)[:200]))
    return out


class _TempFileIO(py7zr.io.Py7zIO):
    """One 7z member written to a temp file, every write charged to the archive's
    allowance (`_TempFactory`) before it reaches the disk."""

    def __init__(self, factory: _TempFactory) -> None:
        self.factory = factory
        self.fh = tempfile.TemporaryFile()  # noqa: SIM115 - closed after it is stored
        self.written = 0
        self.overflow = False

    def write(self, s: bytes | bytearray) -> int:
        self.written += len(s)
        try:
            self.factory.charge(len(s), self.written)
        except StoreLimitExceeded:
            self.overflow = True
            raise
        return self.fh.write(s)

    def read(self, size: int | None = None) -> bytes:
        return self.fh.read(-1 if size is None else size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.fh.seek(offset, whence)

    def flush(self) -> None:
        self.fh.flush()

    def size(self) -> int:
        return self.written


class _Discard(py7zr.io.Py7zIO):
    """A member past the count limit: decoded (7z streams are solid) but not kept."""

    overflow = True

    def write(self, s: bytes | bytearray) -> int:
        return len(s)

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def flush(self) -> None:
        pass

    def size(self) -> int:
        return 0


class _TempFactory(py7zr.io.WriterFactory):
    """py7zr writes every member before any is stored, so the limits are enforced here,
    while it writes: the packet's bytes left (shared with enclosing and sibling archives),
    the member limit, the ratio of all bytes written to the archive's size, the count."""

    def __init__(self, budget: _Budget, packed: int) -> None:
        limits = budget.limits
        self.limits = limits
        self.allowance = limits.max_total_bytes - budget.total
        self.slots = limits.max_members - budget.members
        self.packed = max(packed, 1)
        self.written = 0
        self.products: dict[str, _TempFileIO | _Discard] = {}

    def create(self, filename: str) -> py7zr.io.Py7zIO:
        product: _TempFileIO | _Discard = (
            _TempFileIO(self) if len(self.products) < self.slots else _Discard())
        self.products[filename] = product
        return product

    def charge(self, n: int, member_total: int) -> None:
        self.written += n
        if (member_total > self.limits.max_member_bytes or self.written > self.allowance
                or (self.written > 1024 * 1024
                    and self.written / self.packed > self.limits.max_ratio)):
            raise StoreLimitExceeded(self.written)

    def close_all(self) -> None:
        for product in self.products.values():
            if isinstance(product, _TempFileIO):
                product.fh.close()


def _encrypted(archive_name: str) -> Problem:
    return Problem("G-06", "error", archive_name,
                   f"压缩包“{archive_name}”已加密（设置了密码），无法打开；请提供未加密的压缩包。")


def _unpack_7z(path: Path, archive_name: str, store: OriginalStore, budget: _Budget) -> Unpacked:
    out = Unpacked()
    limits = budget.limits
    try:
        with py7zr.SevenZipFile(path) as sz:
            if sz.needs_password():
                out.problems.append(_encrypted(archive_name))
                return out
            entries = [e for e in sz.list() if not e.is_directory]
            factory = _TempFactory(budget, path.stat().st_size)
            try:
                sz.extractall(factory=factory)
            except StoreLimitExceeded:
                out.problems.append(_bomb_problem(archive_name, limits, "超过大小或压缩比上限"))
    except py7zr.exceptions.PasswordRequired:  # encrypted headers: raised on open
        out.problems.append(_encrypted(archive_name))
        return out
    except StoreLimitExceeded:
        raise
    except Exception as exc:  # py7zr raises many types on damaged input; all mean "corrupt"
        out.problems.append(Problem("G-06", "error", archive_name,
                                    f"压缩包“{archive_name}”已损坏，无法打开。", str(exc)[:200]))
        return out
    try:
        for entry in entries:
            if _over_count(budget, out, archive_name):
                break
            name, unsafe = clean_member_name(entry.filename)
            if getattr(entry, "is_symlink", False):
                out.problems.append(_not_read(name))
                continue
            product = factory.products.get(entry.filename)
            if not isinstance(product, _TempFileIO) or product.overflow:
                continue
            if unsafe:
                out.problems.append(_unsafe_name(name, unsafe, entry.filename))
            product.fh.seek(0)
            _store_member(store, budget, name, product.fh, entry.compressed or path.stat().st_size, out)  # type: ignore[arg-type]
            product.fh.close()  # the temp space goes back as each member is stored
    finally:
        factory.close_all()
    return out


def _unpack_rar(path: Path, archive_name: str, store: OriginalStore, budget: _Budget) -> Unpacked:
    out = Unpacked()
    try:
        rf = rarfile.RarFile(str(path))
    except (rarfile.Error, OSError) as exc:
        out.problems.append(Problem("G-06", "error", archive_name,
                                    f"压缩包“{archive_name}”已损坏，无法打开。", str(exc)[:200]))
        return out
    with rf:
        if rf.needs_password():
            out.problems.append(_encrypted(archive_name))
            return out
        for info in rf.infolist():
            if info.is_dir():
                continue
            if _over_count(budget, out, archive_name):
                break
            name, unsafe = clean_member_name(info.filename)
            if info.is_symlink():
                out.problems.append(_not_read(name))
                continue
            if unsafe:
                out.problems.append(_unsafe_name(name, unsafe, info.filename))
            try:
                with rf.open(info) as stream:
                    _store_member(store, budget, name, stream, info.compress_size, out)  # type: ignore[arg-type]
            except (rarfile.Error, OSError) as exc:
                out.problems.append(Problem("G-06", "error", name,
                                            f"压缩包成员“{name}”无法解压。", str(exc)[:200]))
    return out


def _unpack_tar(path: Path, archive_name: str, store: OriginalStore, budget: _Budget) -> Unpacked:
    """A tar, plain or compressed (.tar.gz, .tgz, .tar.bz2, .tar.xz): regular files are
    streamed into the store; links, devices and the like are reported and not read."""
    import tarfile

    out = Unpacked()
    packed = path.stat().st_size  # compressed tars have no per-member size: the whole
    try:
        tf = tarfile.open(str(path), "r:*")  # noqa: SIM115 - closed below
    except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
        out.problems.append(Problem("G-06", "error", archive_name,
                                    f"压缩包“{archive_name}”已损坏，无法打开。", str(exc)[:200]))
        return out
    with tf:
        try:
            for info in tf:
                if info.isdir():
                    continue
                if _over_count(budget, out, archive_name):
                    break
                name, unsafe = clean_member_name(info.name)
                if not info.isfile():
                    what = "链接" if info.issym() or info.islnk() else "特殊文件"
                    out.problems.append(_not_read(name, what))
                    continue
                if unsafe:
                    out.problems.append(_unsafe_name(name, unsafe, info.name))
                stream = tf.extractfile(info)
                if stream is not None:
                    _store_member(store, budget, name, stream, packed, out)  # type: ignore[arg-type]
        except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
            out.problems.append(Problem("G-06", "error", archive_name,
                                        f"压缩包“{archive_name}”已损坏，部分文件无法解压。",
                                        str(exc)[:200]))
    return out


UNPACKERS = {"zip": _unpack_zip, "7z": _unpack_7z, "rar": _unpack_rar, "tar": _unpack_tar}


def unpack(kind: str, path: Path, archive_name: str, store: OriginalStore,
           budget: _Budget) -> Unpacked:
    return UNPACKERS[kind](path, archive_name, store, budget)


def new_budget(limits: ArchiveLimits) -> _Budget:
    return _Budget(limits)


def iter_folder(root: Path) -> Iterator[tuple[Path, str, str | None]]:
    """Walk a folder without following links: (path, display name, reason if skipped)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for fname in sorted(filenames):
            full = Path(dirpath) / fname
            rel = full.relative_to(root).as_posix()
            if full.is_symlink():
                yield full, rel, "符号链接"
            elif full.is_file():
                yield full, rel, None
