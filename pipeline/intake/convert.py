"""LibreOffice conversions: legacy word-processor files (.doc, .wps, .rtf) to .docx, and
Word files to PDF where a check needs pages (printed page numbers, what a page shows).

Every result is cached by the original's SHA-256; the original stays in the store.
LibreOffice runs sandboxed (pipeline/intake/office_sandbox.py): the files are the applicants'.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.core.errors import MissingDependencyError
from pipeline.intake.office_sandbox import run_office, write_profile

SUFFIX = {"doc": ".doc", "wps": ".wps", "rtf": ".rtf", "docx": ".docx"}


class ConversionFailed(Exception):
    pass


def soffice_binary(name: str = "soffice") -> str:
    found = shutil.which(name) or shutil.which("libreoffice")
    if not found:
        raise MissingDependencyError(
            "找不到 LibreOffice（soffice），无法转换 .doc/.wps 文件：请运行 bash scripts/setup.sh。")
    return found


def _convert(src: Path, kind: str, target: Path, filter_name: str, soffice: str,
             timeout_s: int) -> Path:
    if target.exists() and target.stat().st_size > 0:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    binary = soffice_binary(soffice)
    out_suffix = "." + filter_name.split(":")[0]
    with tempfile.TemporaryDirectory(prefix="yushen-lo-") as tmp:
        tmpdir = Path(tmp)
        # LibreOffice picks its import filter partly from the suffix; give it the real one.
        work_in = tmpdir / f"in{SUFFIX.get(kind, '.doc')}"
        shutil.copyfile(src, work_in)
        # private, locked-down profile: parallel runs do not clash, macros and links never run
        profile = write_profile(tmpdir / "profile").as_uri()
        cmd = [binary, "--headless", "--norestore", "--nologo", "--nodefault",
               f"-env:UserInstallation={profile}",
               "--convert-to", filter_name, "--outdir", str(tmpdir / "out"), str(work_in)]
        try:
            proc = run_office(cmd, timeout_s)
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(f"LibreOffice 转换超时（{timeout_s} 秒）") from exc
        produced = tmpdir / "out" / f"in{out_suffix}"
        if proc.returncode != 0 or not produced.exists():
            detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()[:300]
            raise ConversionFailed(f"LibreOffice 无法转换该文件：{detail or '未输出结果'}")
        shutil.move(str(produced), target)
    return target


def to_docx(src: Path, kind: str, sha256: str, cache_dir: Path, soffice: str = "soffice",
            timeout_s: int = 120) -> Path:
    """Return the path of a .docx converted from `src` (cached by `sha256`)."""
    return _convert(src, kind, cache_dir / f"{sha256}.docx", "docx:MS Word 2007 XML", soffice,
                    timeout_s)


def to_pdf(src: Path, kind: str, sha256: str, cache_dir: Path, soffice: str = "soffice",
           timeout_s: int = 120) -> Path:
    """Return the path of a PDF rendering of a word-processor file (cached by `sha256`).
    The pages are LibreOffice's, with the fonts of this machine: page numbers and page
    breaks are facts of the file, exact glyph widths are not."""
    return _convert(src, kind, cache_dir / f"{sha256}.pdf", "pdf:writer_pdf_Export", soffice,
                    timeout_s)
