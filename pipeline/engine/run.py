"""Check one packet from end to end: intake → extract → classify → rules → result."""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from checks.lengths import length_bars
from extractors.rendered import laid_out_page_numbers
from pipeline.core.errors import UnreadableFileError
from pipeline.core.identity import deficiency_id, packet_digest
from pipeline.core.model import ClassifiedDocument, Document, Packet, SourceFile
from pipeline.core.result import CheckResult, Deficiency, DocumentEntry
from pipeline.core.settings import Settings
from pipeline.forms.classify import classify_document, classify_packet
from pipeline.forms.edition import load_edition
from pipeline.forms.page_numbers import LAID_OUT_PARTS
from pipeline.intake.receive import LEGACY_WORD, IntakeResult, intake
from pipeline.intake.sniff import ARCHIVE_KINDS, KIND_ZH

READ_KINDS = {"docx", "doc", "wps", "rtf", "pdf", "png", "jpeg", "tiff", "bmp", "gif", "webp",
              "heic", "xlsx"}
# Kept and classified by name, never read: legacy .xls (convert to .xlsx to have it read).
NAME_ONLY_KINDS = {"xls"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "notice": 2}
log = logging.getLogger("yushen.run")


def extract_one(source: SourceFile, settings: Settings
                ) -> ClassifiedDocument | Deficiency | None:
    """Read one received file: its classified document, a G-06 saying why it could not be
    read, or None for what is not read at all (archives, files intake already reported).
    With settings.doc_isolation the reading runs in a child process under the time and
    memory limits (pipeline/core/isolate.py)."""
    from pipeline.core.isolate import can_isolate, run_limited

    load_edition(settings.forms_edition)  # a wrong edition setting stops here, not per file
    if not settings.doc_isolation or source.kind not in READ_KINDS:
        return _extract_here(source, settings)
    if not can_isolate():
        _warn_unlimited()
        # no child to lose: a crash of tesseract in process would take this process along
        return _extract_here(source, settings.model_copy(
            update={"ocr_tesseract_in_process": False}))
    outcome = run_limited(_extract_here, (source, settings), settings.doc_time_limit_s,
                          settings.doc_memory_limit_mb)
    retry = _retry_settings(outcome.status, settings)
    if retry is not None:
        log.warning("%s：读取进程异常退出（%s），改用 tesseract 命令重读", source.name,
                    outcome.detail)
        outcome = run_limited(_extract_here, (source, retry), settings.doc_time_limit_s,
                              settings.doc_memory_limit_mb)
    if outcome.status == "ok":
        return outcome.value
    reason = {"timeout": f"读取超过时间上限 {settings.doc_time_limit_s:.0f} 秒"
                         "（YUSHEN_DOC_TIME_LIMIT_S）",
              "memory": _MEMORY_REASON.format(settings.doc_memory_limit_mb)
              }.get(outcome.status, "读取进程异常终止")
    log.warning("%s：%s %s", source.name, reason, outcome.detail)
    return Deficiency(rule_id="G-06", severity="error", file=source.name,
                      message=f"“{source.name}”未能读取：{reason}；原文件已保存，其余材料照常检查。",
                      evidence=outcome.detail or reason)


def _retry_settings(status: str, settings: Settings) -> Settings | None:
    """A reading process that died in C code (tesseract in process can, on a crop it cannot
    handle: SIGFPE) gets one more try with tesseract's command, where such a crash costs
    one region, not the file. None: no retry."""
    if status != "died" or not settings.ocr_tesseract_in_process:
        return None
    return settings.model_copy(update={"ocr_tesseract_in_process": False})


_MEMORY_REASON = "读取时超出内存上限 {} MB（YUSHEN_DOC_MEMORY_LIMIT_MB）"


@functools.cache  # once per process
def _warn_unlimited() -> None:
    """Files are read here, without the time and memory limits. A Dask worker is a daemonic
    process unless started with DASK_DISTRIBUTED__WORKER__DAEMON=False, and a daemonic
    process may not start the child that reads each file."""
    log.warning("本进程不能为每个文件单独开读取进程（守护进程，例如未设置 "
                "DASK_DISTRIBUTED__WORKER__DAEMON=False 的 Dask 工作进程）：文件在本进程内读取，"
                "读取时间与内存上限不生效")


def _extract_here(source: SourceFile, settings: Settings
                  ) -> ClassifiedDocument | Deficiency | None:
    from extractors import extract

    if source.kind in ARCHIVE_KINDS or source.kind in {"empty", "encrypted-office"}:
        return None  # unpacked by intake, or already reported by it
    if source.kind in LEGACY_WORD and not source.readable_path:
        return None  # conversion failure already reported by intake
    if source.kind in NAME_ONLY_KINDS:
        doc = Document(file=source.name, sha256=source.sha256, kind=source.kind)
    elif source.kind in READ_KINDS:
        try:
            doc = extract(source, settings)
        except UnreadableFileError as exc:
            return Deficiency(rule_id="G-06", severity="error", file=source.name,
                              message=f"“{source.name}”无法打开：{exc.reason}。",
                              evidence=exc.reason)
        except Exception as exc:  # noqa: BLE001 — a bug of ours must not cost the packet
            # OpenCV says "Insufficient memory" where Python raises MemoryError
            if isinstance(exc, MemoryError) or "Insufficient memory" in str(exc):
                reason = _MEMORY_REASON.format(settings.doc_memory_limit_mb)
            else:
                log.exception("读取 %s 时出错", source.name)
                reason = "yushen 读取该文件时出错（内部错误）"
            return Deficiency(
                rule_id="G-06", severity="error", file=source.name,
                message=f"“{source.name}”未能读取：{reason}，原文件已保存，其余材料照常检查；"
                        "请人工查看该文件。", evidence=f"{type(exc).__name__}: {exc}"[:300])
    else:
        kind = KIND_ZH.get(source.kind, source.kind)
        return Deficiency(
            rule_id="G-06", severity="notice" if source.kind != "ofd" else "warning",
            file=source.name,
            message=f"“{source.name}”是{kind}，不是申报材料使用的格式，未读取其内容；"
                    "原文件已保存。", evidence=f"按内容识别为 {source.kind}")
    return classify_document(source, doc, load_edition(settings.forms_edition))


FOLD_OVER = 20  # more unread files of one kind in one archive than this become one notice


def fold_unread(unreadable: list[Deficiency]) -> list[Deficiency]:
    """Many files of a kind that is not read, in one archive (10 000 fragments, a photo
    album), are one notice naming the archive, not a page of notices per file."""
    groups: dict[tuple[str, str], list[Deficiency]] = {}
    for d in unreadable:
        if d.rule_id == "G-06" and d.severity == "notice" and d.file and "/" in d.file:
            groups.setdefault((d.file.split("/", 1)[0], d.evidence or ""), []).append(d)
    folded = {id(d) for items in groups.values() if len(items) > FOLD_OVER for d in items}
    out = [d for d in unreadable if id(d) not in folded]
    for (container, evidence), items in groups.items():
        if len(items) > FOLD_OVER:
            examples = "、".join(d.file.split("/", 1)[1] for d in items[:3])
            kind = KIND_ZH.get(evidence.removeprefix("按内容识别为 "), "其他格式").removesuffix("文件")
            out.append(Deficiency(
                rule_id="G-06", severity="notice", file=container,
                message=f"“{container}”中有 {len(items)} 个{kind}文件，不是申报材料使用的格式，"
                        f"未读取其内容（如 {examples} 等）；原文件均已保存。",
                evidence=f"{evidence}，共 {len(items)} 个"))
    return out


def split_extracted(read: list[ClassifiedDocument | Deficiency | None]
                    ) -> tuple[list[ClassifiedDocument], list[Deficiency]]:
    documents = [r for r in read if isinstance(r, ClassifiedDocument)]
    return documents, fold_unread([r for r in read if isinstance(r, Deficiency)])


def extract_documents(sources: list[SourceFile], settings: Settings,
                      reading: Callable[[int, SourceFile], None] | None = None
                      ) -> tuple[list[ClassifiedDocument], list[Deficiency]]:
    """Read every received file; `reading(n, source)` is told before the n-th (from 1)."""
    read = []
    for n, source in enumerate(sources, 1):
        if reading is not None:
            reading(n, source)
        read.append(extract_one(source, settings))
    return split_extracted(read)


def build_packet(intaken: IntakeResult, documents: list[ClassifiedDocument],
                 settings: Settings) -> Packet:
    packet = Packet(name=intaken.name, sources=intaken.sources, documents=documents,
                    submitted_as_archive=intaken.submitted_as_archive,
                    forms_edition=settings.forms_edition)
    return classify_packet(packet)


def lay_out(packet: Packet, settings: Settings) -> None:
    """Page numbers of the Word files whose page layout the forms prescribe, as LibreOffice
    lays them out, read before the rules run (the rules read facts, they run no converter)."""
    if not settings.render_word_pages:
        return
    for doc in packet.documents:
        if doc.document.kind == "docx" and any(p in LAID_OUT_PARTS for p in doc.part_names):
            doc.laid_out = laid_out_page_numbers(doc.source, settings)


def run_rules(packet: Packet, intaken: IntakeResult, unreadable: list[Deficiency],
              settings: Settings) -> list[Deficiency]:
    from checks.registry import Context, all_rules

    ctx = Context(settings=settings, intake_findings=intaken.findings, unreadable=unreadable)
    found: list[Deficiency] = []
    for rule in all_rules():
        if rule.applies_to(packet):
            found.extend(rule.run(packet, ctx))
    return found


def _clause_of(rule_id: str) -> str | None:
    """The clause a finding made before the rules ran (intake, reading) enforces: its rule's."""
    from checks.registry import get_rule

    try:
        return get_rule(rule_id).clause
    except KeyError:
        return None


def verdict(deficiencies: list[Deficiency], reject_rule_ids: list[str] | None = None) -> str:
    """不予受理 when an error comes from a rule that bars the applicant (settings:
    reject_rule_ids), 需补正 for any other error or warning, else 可受理."""
    if any(d.severity == "error" and d.rule_id in (reject_rule_ids or []) for d in deficiencies):
        return "不予受理"
    counts = Counter(d.severity for d in deficiencies)
    return "需补正" if counts["error"] or counts["warning"] else "可受理"


def tally(deficiencies: list[Deficiency], reject_rule_ids: list[str]
          ) -> tuple[dict[str, int], str]:
    """Counts by severity and the verdict, of what is not waived (waived: shown, not counted)."""
    open_items = [d for d in deficiencies if d.waived is None]
    counts = Counter(d.severity for d in open_items)
    return ({k: counts.get(k, 0) for k in ("error", "warning", "notice")},
            verdict(open_items, reject_rule_ids))


def check_path(path: Path, settings: Settings | None = None) -> tuple[Packet, CheckResult]:
    settings = settings or Settings()
    return check_intaken(intake(path, settings), settings)


def check_intaken(intaken: IntakeResult, settings: Settings) -> tuple[Packet, CheckResult]:
    """Read, classify and check a packet that intake has stored and unpacked."""
    documents, unreadable = extract_documents(intaken.sources, settings)
    return finish_check(intaken, documents, unreadable, settings)


def finish_check(intaken: IntakeResult, documents: list[ClassifiedDocument],
                 unreadable: list[Deficiency], settings: Settings
                 ) -> tuple[Packet, CheckResult]:
    """Classify the packet and run the rules: the result, each deficiency with its id. A
    pure function of the files and the settings: no store is read or written (reviewers'
    waivers and the applicant's history are applied around it: pipeline/arrivals/process.py)."""
    packet = build_packet(intaken, documents, settings)
    lay_out(packet, settings)
    deficiencies = run_rules(packet, intaken, unreadable, settings)
    deficiencies.sort(key=lambda d: SEVERITY_ORDER[d.severity])
    for d in deficiencies:
        d.id = deficiency_id(d)
        d.clause = d.clause or _clause_of(d.rule_id)
    counts, decided = tally(deficiencies, settings.reject_rule_ids)
    entries = [
        DocumentEntry(file=d.source.name, sha256=d.source.sha256, kind=d.source.kind,
                      part=d.part_names[0] if d.part_names else None,
                      parts=list(dict.fromkeys(d.part_names)),
                      converted_from=d.source.converted_from)
        for d in documents
    ]
    result = CheckResult(
        packet=packet.name, applicant=packet.applicant, scheme=packet.scheme,
        category=packet.category, level=packet.level,
        verdict=decided, counts=counts,
        deficiencies=deficiencies, documents=entries, digest=packet_digest(packet),
        lengths=length_bars(packet, settings.length_tolerance))
    return packet, result
