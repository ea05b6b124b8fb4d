"""Intake: store every original, unpack archives safely, sniff types, convert legacy Word.

Order matters: each received file goes into the content-addressed store *before* it is
opened for anything else, so a crash later can never lose a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.errors import InputMissingError
from pipeline.core.model import SourceFile
from pipeline.core.result import Deficiency
from pipeline.core.settings import Settings
from pipeline.intake import archive
from pipeline.intake.convert import ConversionFailed, to_docx
from pipeline.intake.originals import OriginalStore
from pipeline.intake.sniff import ARCHIVE_KINDS, KIND_ZH, is_strict_ooxml, kind_from_name, sniff

LEGACY_WORD = {"doc", "wps", "rtf"}
# Extension and content that legitimately differ: a .wps file holds the Word binary stream.
_SAME_KIND = {("wps", "doc"), ("doc", "doc"), ("tiff", "tiff")}


@dataclass
class IntakeResult:
    name: str
    sources: list[SourceFile] = field(default_factory=list)
    findings: list[Deficiency] = field(default_factory=list)
    submitted_as_archive: bool = False


class _Intake:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = OriginalStore(settings.store_dir)
        self.budget = archive.new_budget(settings.archive)
        self.result: IntakeResult

    def run(self, path: Path) -> IntakeResult:
        if not path.exists():
            raise InputMissingError(f"找不到输入“{path}”：请检查路径是否正确。")
        name = path.name if path.is_file() else path.resolve().name
        self.result = IntakeResult(name=name)
        self._taken: set[str] = set()  # names given to the packet's files so far
        if path.is_dir():
            for full, rel, skipped in archive.iter_folder(path):
                if skipped:
                    self._finding("G-08", "warning", rel,
                                  f"“{rel}”是{skipped}，出于安全原因未读取。")
                    continue
                sha, size, stored = self.store.put_file(full)
                self._accept(rel, sha, size, stored, container=None, depth=0)
            # a folder holding one archive and nothing else (an e-mail's one attachment)
            # was sent as one compressed package
            top = [s for s in self.result.sources if s.container is None]
            self.result.submitted_as_archive = len(top) == 1 and top[0].kind in ARCHIVE_KINDS
        else:
            sha, size, stored = self.store.put_file(path)
            self._accept(path.name, sha, size, stored, container=None, depth=0)
            self.result.submitted_as_archive = self.result.sources[0].kind in ARCHIVE_KINDS
        return self.result

    def _finding(self, rule_id: str, severity: str, file: str | None, message: str,
                 evidence: str | None = None) -> None:
        self.result.findings.append(Deficiency(
            rule_id=rule_id, severity=severity, file=file, message=message,  # type: ignore[arg-type]
            evidence=evidence))

    def _accept(self, name: str, sha: str, size: int, stored: Path, container: str | None,
                depth: int) -> None:
        name = self._unique(name)
        kind = sniff(stored)
        ext_kind = kind_from_name(name)
        if ext_kind == "wps" and kind == "doc":
            kind = "wps"
        source = SourceFile(name=name, sha256=sha, size=size, kind=kind,
                            extension_kind=ext_kind, stored_path=str(stored), container=container)
        self.result.sources.append(source)
        if ext_kind and ext_kind != kind and (ext_kind, kind) not in _SAME_KIND:
            self._finding(
                "G-09", "notice", name,
                f"“{name}”的扩展名表示{KIND_ZH.get(ext_kind, ext_kind)}，"
                f"但内容实际是{KIND_ZH.get(kind, kind)}；已按实际内容读取。",
                f"按内容识别为 {kind}")
        if kind == "empty":
            self._finding("G-06", "error", name, f"“{name}”是空文件（0 字节），无法打开。")
        elif kind == "encrypted-office":
            self._finding("G-06", "error", name,
                          f"“{name}”是加密的 Office 文档（设置了打开密码），无法读取；"
                          "请提供未加密的文件。")
        elif kind in ARCHIVE_KINDS:
            self._unpack(source, stored, depth)
        elif kind in LEGACY_WORD:
            self._convert(source, stored)
        elif kind == "docx" and is_strict_ooxml(stored):
            self._convert(source, stored, origin="docx-strict")

    def _unique(self, name: str) -> str:
        """A name no other file of the packet has: two "申请书.pdf" in an archive, or
        "a\\b.pdf" beside "a/b.pdf" (one name once cleaned), are both kept, the second as
        "申请书（2）.pdf". Every file is recorded under its own name."""
        candidate = name
        folder, slash, base = name.rpartition("/")
        stem, dot, suffix = base.rpartition(".")
        if not dot or not stem:
            stem, suffix = base, ""
        n = 1
        while candidate in self._taken:
            n += 1
            candidate = f"{folder}{slash}{stem}（{n}）" + (f".{suffix}" if suffix else "")
        self._taken.add(candidate)
        return candidate

    def _unpack(self, source: SourceFile, stored: Path, depth: int) -> None:
        if depth >= self.settings.archive.max_depth:
            self._finding("G-08", "error", source.name,
                          f"“{source.name}”是第 {depth + 1} 层嵌套压缩包，超过上限 "
                          f"{self.settings.archive.max_depth} 层，未解压；原文件已保存。")
            return
        unpacked = archive.unpack(source.kind, stored, source.name, self.store, self.budget)
        for problem in unpacked.problems:
            file = f"{source.name}/{problem.member}" if problem.member and \
                problem.member != source.name else source.name
            self._finding(problem.rule_id, problem.severity, file, problem.message,
                          problem.evidence)
        for member in unpacked.members:
            self._accept(f"{source.name}/{member.name}", member.sha256, member.size,
                         member.stored_path, container=source.name, depth=depth + 1)

    def _convert(self, source: SourceFile, stored: Path, origin: str | None = None) -> None:
        """A .doc, .wps, .rtf or Strict .docx converted by LibreOffice into the .docx the
        Word reader reads; the original stays as it came."""
        try:
            converted = to_docx(stored, source.kind, source.sha256, self.settings.converted_dir,
                                self.settings.soffice, self.settings.libreoffice_timeout_s)
        except ConversionFailed as exc:
            self._finding("G-06", "error", source.name,
                          f"“{source.name}”（{KIND_ZH[source.kind]}）无法转换为 .docx 读取。",
                          str(exc))
            return
        source.readable_path = str(converted)
        source.converted_from = origin or source.kind


def intake(path: Path, settings: Settings | None = None) -> IntakeResult:
    """Store and unpack the packet at `path` (folder, archive or single file)."""
    return _Intake(settings or Settings()).run(path)
