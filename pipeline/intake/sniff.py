"""File type by content, never by extension."""

from __future__ import annotations

import zipfile
from pathlib import Path

import olefile

KIND_ZH: dict[str, str] = {
    "docx": "Word 文档（.docx）",
    "doc": "Word 97-2003 文档（.doc）",
    "wps": "WPS 文字文档（.wps）",
    "rtf": "RTF 文档",
    "pdf": "PDF 文件",
    "png": "PNG 图片",
    "jpeg": "JPEG 图片",
    "tiff": "TIFF 图片",
    "bmp": "BMP 图片",
    "gif": "GIF 图片",
    "webp": "WebP 图片",
    "heic": "HEIC 图片",
    "zip": "ZIP 压缩包",
    "7z": "7z 压缩包",
    "rar": "RAR 压缩包",
    "tar": "tar 压缩包（含 .tar.gz/.tgz）",
    "xlsx": "Excel 表格（.xlsx）",
    "xls": "Excel 97-2003 表格（.xls）",
    "pptx": "PowerPoint 演示文稿",
    "ofd": "OFD 版式文件",
    "encrypted-office": "加密的 Office 文档",
    "ole": "OLE 复合文档",
    "empty": "空文件",
    "text": "纯文本文件",
    "unknown": "未知类型文件",
}

IMAGE_KINDS = {"png", "jpeg", "tiff", "bmp", "gif", "webp", "heic"}
ARCHIVE_KINDS = {"zip", "7z", "rar", "tar"}
WORD_KINDS = {"docx", "doc", "wps", "rtf"}

EXTENSION_KINDS: dict[str, str] = {
    ".docx": "docx", ".docm": "docx", ".doc": "doc", ".wps": "wps", ".rtf": "rtf",
    ".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff",
    ".tiff": "tiff", ".bmp": "bmp", ".gif": "gif", ".webp": "webp", ".heic": "heic",
    ".zip": "zip", ".7z": "7z", ".rar": "rar", ".tar": "tar", ".tgz": "tar", ".gz": "tar", ".xlsx": "xlsx", ".xls": "xls",
    ".pptx": "pptx", ".ofd": "ofd", ".txt": "text",
}


def kind_from_name(name: str) -> str | None:
    return EXTENSION_KINDS.get(Path(name).suffix.lower())


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        # A truncated .docx loses its central directory; its local headers still name parts.
        with open(path, "rb") as fh:
            head = fh.read(64 * 1024)
        if b"word/" in head or b"[Content_Types].xml" in head:
            return "docx"
        return "zip"  # a broken zip is still a zip; the archive reader reports it
    if "word/document.xml" in names or any(n.startswith("word/document") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if "OFD.xml" in names:
        return "ofd"
    if "[Content_Types].xml" in names:
        return "docx"  # OOXML with an odd layout: let the Word reader judge it
    return "zip"


STRICT_OOXML = b"http://purl.oclc.org/ooxml/"  # ISO/IEC 29500 Strict namespaces


def is_strict_ooxml(path: Path) -> bool:
    """A .docx saved as "Strict Open XML Document": valid Word, but in the Strict namespaces,
    which python-docx does not read (LibreOffice converts it to the usual form)."""
    try:
        with zipfile.ZipFile(path) as zf:
            rels = zf.read("_rels/.rels") if "_rels/.rels" in zf.namelist() else b""
            return STRICT_OOXML in rels
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False


def _ole_kind(path: Path) -> str:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s) for s in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, Exception):  # olefile raises bare Exception subclasses
        return "ole"
    if "EncryptedPackage" in streams:
        return "encrypted-office"
    if "WordDocument" in streams:
        # Kingsoft WPS 文字 files carry the Word binary stream too; told apart by extension.
        return "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    return "ole"


_COMPRESSORS = {b"\x1f\x8b": "gzip", b"BZh": "bz2", b"\xfd7zXZ\x00": "lzma"}


def _is_tar(path: Path, head: bytes) -> bool:
    """A tar archive, plain or compressed with gzip, bzip2 or xz: the "ustar" magic at
    offset 257 of its first block (read through the decompressor; one block only)."""
    import bz2
    import gzip
    import lzma

    opener = next((name for magic, name in _COMPRESSORS.items() if head.startswith(magic)), None)
    if opener is None:
        return head[257:262] == b"ustar"
    module = {"gzip": gzip, "bz2": bz2, "lzma": lzma}[opener]
    try:
        with module.open(path, "rb") as fh:  # type: ignore[attr-defined]
            block = fh.read(512)
    except (OSError, EOFError, ValueError, lzma.LZMAError):
        return False
    return block[257:262] == b"ustar"


def sniff(path: Path) -> str:
    """Return the kind of file at `path` from its leading bytes (and container layout)."""
    with open(path, "rb") as fh:
        head = fh.read(2048)
    if not head:
        return "empty"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(path)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_kind(path)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if _is_tar(path, head):
        return "tar"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"BM"):
        return "bmp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim"):
        return "heic"
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "unknown"
