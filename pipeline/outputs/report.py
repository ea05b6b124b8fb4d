"""Render a CheckResult: JSON (machine) and a self-contained Chinese HTML page (reviewer)."""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.core.model import Packet
from pipeline.core.result import SEVERITY_ZH, CheckResult, Deficiency
from pipeline.core.settings import Settings
from pipeline.forms.edition import Edition, load_edition

SCHEME_ZH = {"A": "市场质量信用等级评价（企业类）", "B": "用户满意等级评价", None: "未能识别"}

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _templates() -> Environment:
    """The report pages as Jinja templates, escaped like the web page's."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                       trim_blocks=False, keep_trailing_newline=True)


def to_json(result: CheckResult) -> str:
    return result.model_dump_json(indent=2)


def _clause(clause: str | None) -> str:
    """The clause a deficiency cites (it travels on the deficiency), shortened for the table."""
    clause = clause or ""
    return clause if len(clause) <= 48 else clause[:46] + "……"


def _part_order(scheme: str | None, edition: Edition) -> list[str]:
    return ["整体材料"] + [alts[0] for alts in edition.required_parts.get(scheme or "", [])]


def to_html(result: CheckResult, images: dict[str, str] | None = None,
            edition: Edition | None = None) -> str:
    """The reviewer's report. `images` maps an evidence picture's path to a data: URI, so
    the page carries its pictures and stays one self-contained file. Parts are shown in the
    order of `edition`'s required parts (the default edition's when None)."""
    meta = [
        ("申请单位", result.applicant or "未能识别"),
        ("评价类型", SCHEME_ZH.get(result.scheme, result.scheme)),
        ("申请类别", result.category or "—"),
        ("申请等级", result.level or "未能识别"),
        ("材料包", result.packet),
    ]
    counts = "，".join(f"{SEVERITY_ZH[k]} {v} 项" for k, v in result.counts.items())
    grouped: dict[str, list[Deficiency]] = {}
    for d in result.deficiencies:
        grouped.setdefault(REVIEW_GROUP if d.review else d.part or "整体材料", []).append(d)
    # packet order, parts yushen did not expect after them, what a rule was unsure of last
    order = _part_order(result.scheme, edition or load_edition())
    groups, n = [], 0
    for name, items in sorted(grouped.items(), key=lambda kv: (
            kv[0] == REVIEW_GROUP, order.index(kv[0]) if kv[0] in order else len(order))):
        rows = []
        for d in items:
            n += 1
            rows.append({
                "n": n, "d": d, "clause": _clause(d.clause),
                "where": " ".join(x for x in (d.file, d.location) if x) or "—",
                "level": "已豁免" if d.waived else SEVERITY_ZH[d.severity],
                "confidence": f"{d.confidence:.0%}" if d.confidence < 1 and not d.waived else "",
                "image": (images or {}).get(d.crop, d.crop) if d.crop else None,
            })
        groups.append({"name": name, "review": name == REVIEW_GROUP, "rows": rows})
    return _templates().get_template("report.html").render(
        result=result, meta=meta, counts=counts, groups=groups, bars=_length_bars(result),
        remaining=sum(d.change == "remaining" for d in result.deficiencies),
        new=sum(d.change == "new" for d in result.deficiencies))


REVIEW_GROUP = "需人工核对"


def _length_bars(result: CheckResult) -> list[dict]:
    """Each chapter's 字数 as a bar, the tolerated range shaded and the target marked (in %
    of the widest bar)."""
    if not result.lengths:
        return []
    scale = max(max(b.words, b.high or 0) for b in result.lengths) * 1.1 or 1
    bars = []
    for b in result.lengths:
        band = None
        if b.high is not None:
            left = (b.low or 0) / scale * 100
            band = (f"{left:.1f}", f"{(b.high / scale * 100) - left:.1f}")
        bars.append({
            "part": b.part, "title": b.title, "words": b.words,
            "want": f"约 {b.target} 字" if b.target else f"不超过 {b.high} 字",
            "inside": (b.low or 0) <= b.words <= (b.high or b.words), "band": band,
            "width": f"{b.words / scale * 100:.1f}",
            "target": f"{b.target / scale * 100:.1f}" if b.target else None,
        })
    return bars


def write_reports(result: CheckResult, out_dir: Path, packet: Packet | None = None,
                  settings: Settings | None = None) -> list[Path]:
    """report.json, report.html and 补正通知书.docx; with the `packet`, also evidence/N.png,
    a picture of the page where a deficiency is (seals, signature places, lines of a scan)."""
    from pipeline.outputs.notice import write_notice

    out_dir.mkdir(parents=True, exist_ok=True)
    if packet is not None:
        from pipeline.outputs.evidence import write_crops

        write_crops(result, packet, out_dir, settings or Settings())
    json_path = out_dir / "report.json"
    html_path = out_dir / "report.html"
    json_path.write_text(to_json(result), encoding="utf-8")
    images = {d.crop: "data:image/png;base64," + base64.b64encode(
        (out_dir / d.crop).read_bytes()).decode() for d in result.deficiencies if d.crop}
    settings = settings or Settings()
    html_path.write_text(to_html(result, images, load_edition(settings.forms_edition)),
                         encoding="utf-8")
    notice = write_notice(result, out_dir / NOTICE_NAME, settings)
    return [json_path, html_path, notice]


NOTICE_NAME = "补正通知书.docx"
SUMMARY_COLUMNS = [("材料包", 30), ("申请单位", 28), ("类型", 6), ("类别", 10), ("等级", 8),
                   ("结论", 10), ("错误", 6), ("警告", 6), ("提示", 6), ("主要问题", 70),
                   ("报告", 30)]


def _display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: a Chinese character is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


FORMULA_START = ("=", "+", "-", "@")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _sheet_value(value: object) -> object:
    """A value as a sheet may hold it: control characters (which openpyxl refuses, losing
    the whole summary) dropped."""
    return _ILLEGAL.sub("", value) if isinstance(value, str) else value


def write_summary_xlsx(rows: list[dict], path: Path) -> Path:
    """The batch as a sheet: one row per packet, frozen header, filters, widths that fit."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "预审汇总"
    sheet.append([name for name, _ in SUMMARY_COLUMNS])
    for r in rows:
        sheet.append([_sheet_value(v) for v in (
            r["packet"], r.get("applicant") or "", r.get("scheme") or "",
            r.get("category") or "", r.get("level") or "", r["verdict"],
            r.get("error", ""), r.get("warning", ""), r.get("notice", ""),
            "\n".join(r.get("top", [])) or r.get("failure", ""), r.get("report", ""))])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # text as it came: a mail subject is never a formula
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
    for n, (name, cap) in enumerate(SUMMARY_COLUMNS, start=1):
        letter = sheet.cell(row=1, column=n).column_letter
        longest = max((_display_width(line) for c in sheet[letter] if c.value is not None
                       for line in str(c.value).split("\n")), default=len(name))
        sheet.column_dimensions[letter].width = min(max(longest + 2, _display_width(name) + 2), cap)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(str(path))
    return path


def batch_summary(results: list[tuple[str, CheckResult | None, str | None]], out_dir: Path,
                  not_checked: list[tuple[str, str]] | None = None) -> list[Path]:
    """summary.json, .html and .xlsx: one row per packet (folder name, verdict, counts);
    `not_checked`: what arrived but needed no check (a mail without files, a resent packet),
    with the reason, as rows with the verdict 未检查."""
    rows: list[dict] = [{"packet": name, "verdict": "未检查", "failure": why}
                        for name, why in not_checked or []]
    for folder, result, failure in results:
        if result is None:
            rows.append({"packet": folder, "verdict": "检查失败", "failure": failure})
            continue
        top = [f"{d.rule_id} {d.message}" for d in result.deficiencies
               if d.severity in ("error", "warning")][:3]
        rows.append({"packet": folder, "applicant": result.applicant, "scheme": result.scheme,
                     "category": result.category, "level": result.level,
                     "verdict": result.verdict, **result.counts, "top": top,
                     "report": f"{folder}/report.html"})
    json_path = out_dir / "summary.json"
    json_path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    summary = _templates().get_template("summary.html").render(rows=rows)
    html_path = out_dir / "summary.html"
    html_path.write_text(summary, encoding="utf-8")
    return [json_path, html_path, write_summary_xlsx(rows, out_dir / "summary.xlsx")]
