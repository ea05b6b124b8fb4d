"""The hostile-input corpus, made afresh by code (no committed binaries): each case is one
file an applicant could send, what yushen must say about it, and which name it must give.

    python -m tests.hostile_corpus OUT_DIR     # write the corpus to look at it
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# A name no real file has: a test looks for it everywhere outside the work folder
ESCAPE = f"yushen-escape-{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Case:
    name: str  # the test id
    build: Callable[[Path], Path]  # writes the file into a folder, returns it
    rules: frozenset[str]  # one of these must be reported ...
    names: str | None  # ... naming (a part of) this file; None: no finding required


class _RawZipInfo(zipfile.ZipInfo):
    """A member name written as given bytes, without the UTF-8 flag (Chinese Windows)."""

    def __init__(self, raw: bytes) -> None:
        super().__init__(raw.decode("cp437"))  # what zipfile itself would read back
        self._raw = raw

    def _encodeFilenameFlags(self):  # noqa: N802 — CPython's private hook
        return self._raw, self.flag_bits & ~0x800


def _zip(path: Path, members: list[tuple[str | bytes, bytes]], **kwargs) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, **kwargs) as archive:
        for name, data in members:
            info = _RawZipInfo(name) if isinstance(name, bytes) else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


def _docx_bytes(text: str = "测试段落") -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def zip_ratio_bomb(folder: Path) -> Path:
    # 60 MB of zeros packs to about 60 KB: a ratio of 1000, the limit is 200
    return _zip(folder / "压缩炸弹.zip", [("zeros.bin", bytes(60 * 1024 * 1024))])


def zip_nested_bomb(folder: Path) -> Path:
    data = _zip_bytes([("核心.docx", _docx_bytes())])
    for depth in range(6):  # six archives deep; three are allowed
        data = _zip_bytes([(f"第{depth}层.zip", data)])
    path = folder / "嵌套压缩包.zip"
    path.write_bytes(data)
    return path


def _zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_traversal(folder: Path) -> Path:
    return _zip(folder / "越界路径.zip", [
        (f"../../{ESCAPE}-dotdot.txt", b"x"), (f"/tmp/{ESCAPE}-absolute.txt", b"x"),
        (f"C:\\Windows\\{ESCAPE}-drive.txt", b"x"), (f"..\\..\\{ESCAPE}-backslash.txt", b"x"),
        ("正常/申请书.docx", _docx_bytes())])


def zip_symlink(folder: Path) -> Path:
    path = folder / "符号链接.zip"
    with zipfile.ZipFile(path, "w") as archive:
        link = zipfile.ZipInfo("链接到密码文件")
        link.create_system = 3
        link.external_attr = (0o120777 << 16)  # a symbolic link, as unzip would make it
        archive.writestr(link, "/etc/passwd")
        archive.writestr("说明.docx", _docx_bytes())
    return path


def tar_hardlink(folder: Path) -> Path:
    """A tar with a hard link to a system file: the link is reported, never followed."""
    path = folder / "硬链接.tar"
    with tarfile.open(path, "w") as archive:
        link = tarfile.TarInfo("passwd-link")
        link.type, link.linkname = tarfile.LNKTYPE, "/etc/passwd"
        archive.addfile(link)
    return path


def _encrypted(folder: Path, name: str, command: list[str]) -> Path:
    """An archive made by an archiver with a password (secret) around one 申请书.docx."""
    inner = folder / "_inner"
    inner.mkdir()
    (inner / "申请书.docx").write_bytes(_docx_bytes())
    path = folder / name
    subprocess.run([*command, str(path), "申请书.docx"], cwd=inner, check=True,
                   capture_output=True)
    shutil.rmtree(inner)
    return path


def zip_encrypted(folder: Path) -> Path:
    return _encrypted(folder, "加密压缩包.zip", ["zip", "-q", "-P", "secret"])


def sevenzip_encrypted(folder: Path) -> Path:
    seven = shutil.which("7zz") or shutil.which("7z") or "7zz"
    return _encrypted(folder, "加密.7z", [seven, "a", "-psecret", "-mhe=on"])


def _seven_zip(folder: Path, name: str, links: str, make: Callable[[Path], None]) -> Path:
    """A 7z made by 7-Zip from the files `make` puts in a folder, links stored as links
    (-snl: symbolic, -snh: hard)."""
    inner = folder / "_inner"
    inner.mkdir()
    make(inner)
    path = folder / name
    seven = shutil.which("7zz") or shutil.which("7z") or "7zz"
    subprocess.run([seven, "a", links, str(path), *sorted(p.name for p in inner.iterdir())],
                   cwd=inner, check=True, capture_output=True)
    shutil.rmtree(inner)
    return path


def sevenzip_symlink(folder: Path) -> Path:
    def make(inner: Path) -> None:
        (inner / "申请书.docx").write_bytes(_docx_bytes())
        (inner / "链接到密码文件").symlink_to("/etc/passwd")

    return _seven_zip(folder, "带链接.7z", "-snl", make)


def sevenzip_hardlink(folder: Path) -> Path:
    """A hard link in a 7z is a second name for a member's own data (7-Zip has no way to
    point at a file outside): both names are read, nothing is linked on disk."""
    def make(inner: Path) -> None:
        (inner / "申请书.docx").write_bytes(_docx_bytes())
        os.link(inner / "申请书.docx", inner / "申请书-硬链接.docx")

    return _seven_zip(folder, "带硬链接.7z", "-snh", make)


# RAR5 by hand (making one needs the non-free rar): a header is CRC32, its size as a
# vint, then type, flags and fields (www.rarlab.com/technote.htm, "RAR 5.0 archive format")
RAR5_SIGNATURE = b"Rar!\x1a\x07\x01\x00"


def _vint(n: int) -> bytes:
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | 0x80 if n else low)
        if not n:
            return bytes(out)


def _rar_header(body: bytes) -> bytes:
    size = _vint(len(body))
    return struct.pack("<I", zlib.crc32(size + body) & 0xFFFFFFFF) + size + body


def _aes_record(salt_and_iv: int) -> bytes:
    """AES-256, 2^15 key rounds, salt (and IV), password check value: as rar -p writes."""
    return _vint(0) + _vint(0x0001) + bytes([15]) + os.urandom(salt_and_iv) + os.urandom(12)


def rar_encrypted(folder: Path) -> Path:
    """rar -p: the names are readable, each file's data is AES-encrypted."""
    name = "申请书.docx".encode()
    record = _vint(0x01) + _aes_record(32)  # file encryption record: salt and IV
    extra = _vint(len(record)) + record
    data = os.urandom(64)
    file_header = (_vint(2) + _vint(0x0001 | 0x0002) + _vint(len(extra)) + _vint(len(data))
                   + _vint(0) + _vint(len(data)) + _vint(0x20) + _vint(0) + _vint(1)
                   + _vint(len(name)) + name + extra)
    path = folder / "加密.rar"
    path.write_bytes(RAR5_SIGNATURE + _rar_header(_vint(1) + _vint(0) + _vint(0))
                     + _rar_header(file_header) + data
                     + _rar_header(_vint(5) + _vint(0) + _vint(0)))
    return path


def rar_encrypted_headers(folder: Path) -> Path:
    """rar -hp: even the names are encrypted; the archive encryption header comes first."""
    path = folder / "加密文件名.rar"
    path.write_bytes(RAR5_SIGNATURE + _rar_header(_vint(4) + _vint(0) + _aes_record(16))
                     + os.urandom(128))
    return path


def truncated_docx(folder: Path) -> Path:
    data = _docx_bytes("被截断的文件" * 200)
    path = folder / "截断的工作报告.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt_pdf(folder: Path) -> Path:
    path = folder / "损坏的测评报告.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF")
    return path


def truncated_png(folder: Path) -> Path:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "white").save(buffer, "PNG")
    path = folder / "截断的营业执照.png"
    path.write_bytes(buffer.getvalue()[:200])
    return path


def docx_entity_bomb(folder: Path) -> Path:
    """"Billion laughs" in document.xml: a parser that expands entities needs gigabytes."""
    lol = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n else "哈" * 10}">'
                  for n in range(10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE w:document [{lol}]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    path = folder / "实体炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = bomb.encode() if info.filename == "word/document.xml" else source.read(info)
            out.writestr(info.filename, data)
    return path


def pdf_many_pages(folder: Path) -> Path:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(3000):
        document.new_page(595, 842)
    path = folder / "三千页.pdf"
    document.save(str(path))
    return path


_DRAW = b"q 595 0 0 842 0 0 cm /Im0 Do Q"


def pdf_image_bomb(folder: Path) -> Path:
    """One page whose picture is 20000 × 20000 grey pixels (400 MB) packed into 400 KB."""
    side = 20000
    stream = zlib.compress(bytes(side * side), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
        b"<< /Im0 4 0 R >> >> /Contents 5 0 R >>",
        f"<< /Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace "
        f"/DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length {len(stream)} >>\n"
        f"stream\n".encode() + stream + b"\nendstream",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(_DRAW), _DRAW),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    path = folder / "图片炸弹.pdf"
    path.write_bytes(out.getvalue())
    return path


def wrong_extension(folder: Path) -> Path:
    path = folder / "其实是文档.pdf"
    path.write_bytes(_docx_bytes("扩展名不对"))
    return path


def zero_bytes(folder: Path) -> Path:
    path = folder / "空文件.docx"
    path.write_bytes(b"")
    return path


def many_tiny_files(folder: Path) -> Path:
    return _zip(folder / "一万个小文件.zip",
                [(f"碎片/{n:05d}.txt", b"x") for n in range(10000)])


def control_character_names(folder: Path) -> Path:
    return _zip(folder / "控制字符.zip", [("换行\n文件.docx", _docx_bytes()),
                                           ("响铃\x07文件.docx", _docx_bytes()),
                                           ("退格\x08\x1b[2J.docx", _docx_bytes())])


def foreign_names(folder: Path) -> Path:
    """Names in GBK, Big5 and Shift-JIS, without the UTF-8 flag."""
    return _zip(folder / "各种编码的文件名.zip", [
        ("申请书GBK.docx".encode("gbk"), _docx_bytes()),
        ("繁體申請書.docx".encode("big5"), _docx_bytes()),
        ("申請書シフトJIS.docx".encode("cp932"), _docx_bytes())])


CASES: list[Case] = [
    Case("zip-ratio-bomb", zip_ratio_bomb, frozenset({"G-08"}), "压缩炸弹.zip"),
    Case("zip-nested-bomb", zip_nested_bomb, frozenset({"G-08"}), "嵌套压缩包.zip"),
    Case("zip-traversal", zip_traversal, frozenset({"G-08"}), ESCAPE),
    Case("zip-symlink", zip_symlink, frozenset({"G-08"}), "链接到密码文件"),
    Case("tar-hardlink", tar_hardlink, frozenset({"G-08"}), "passwd-link"),
    Case("zip-encrypted", zip_encrypted, frozenset({"G-06"}), "加密压缩包.zip"),
    Case("7z-encrypted", sevenzip_encrypted, frozenset({"G-06"}), "加密.7z"),
    Case("7z-symlink", sevenzip_symlink, frozenset({"G-08"}), "链接到密码文件"),
    Case("7z-hardlink", sevenzip_hardlink, frozenset(), None),
    Case("rar-encrypted", rar_encrypted, frozenset({"G-06"}), "加密.rar"),
    Case("rar-encrypted-headers", rar_encrypted_headers, frozenset({"G-06"}), "加密文件名.rar"),
    Case("docx-truncated", truncated_docx, frozenset({"G-06"}), "截断的工作报告.docx"),
    Case("pdf-corrupt", corrupt_pdf, frozenset({"G-06"}), "损坏的测评报告.pdf"),
    Case("png-truncated", truncated_png, frozenset({"G-06"}), "截断的营业执照.png"),
    Case("docx-entity-bomb", docx_entity_bomb, frozenset(), None),
    Case("pdf-3000-pages", pdf_many_pages, frozenset(), None),
    # pdfium renders the page at the OCR resolution without decoding the whole picture
    # (measured: 3 s, 210 MB peak): contained, and a page with no text is no finding
    Case("pdf-image-bomb", pdf_image_bomb, frozenset(), None),
    Case("wrong-extension", wrong_extension, frozenset({"G-09"}), "其实是文档.pdf"),
    Case("zero-bytes", zero_bytes, frozenset({"G-06"}), "空文件.docx"),
    Case("10000-tiny-files", many_tiny_files, frozenset({"G-06"}), "一万个小文件.zip"),
    Case("control-characters", control_character_names, frozenset(), None),
    Case("gbk-big5-sjis-names", foreign_names, frozenset(), None),
]


def good_file(folder: Path) -> Path:
    """The packet's one sound document: it must still be read beside every hostile file."""
    path = folder / "市场质量信用承诺书.docx"
    path.write_bytes(_docx_bytes("市场质量信用承诺书"))
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for case in CASES:
        target = out / case.name
        target.mkdir(parents=True, exist_ok=True)
        print(case.name, case.build(target))
