"""Render a CheckResult: JSON (machine) and a self-contained Chinese HTML page (reviewer)."""

from __future__ import annotations

import base64
import html
import json
import re
import unicodedata
from pathlib import Path

from pipeline.core.model import Packet
from pipeline.core.result import SEVERITY_ZH, CheckResult
from pipeline.core.settings import Settings
from pipeline.forms.edition import Edition, load_edition

SCHEME_ZH = {"A": "市场质量信用等级评价（企业类）", "B": "用户满意等级评价", None: "未能识别"}

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",SimSun,sans-serif;margin:2em auto;
max-width:60em;color:#222;line-height:1.6}
h1{font-size:1.5em;border-bottom:2px solid #333;padding-bottom:.3em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eee}.error{color:#b00020;font-weight:bold}.warning{color:#b36b00}
.notice{color:#555}.track{position:relative;height:14px;background:#f4f4f4}.track span{position:absolute;top:0;height:14px}.band{background:#ddd}.bar{opacity:.8}.bar.ok{background:#3a7}.bar.off{background:#d54}.target{width:2px;background:#000}@page{size:A4;margin:15mm}@media print{h2{break-after:avoid}tr{break-inside:avoid}}td.waived,.waived{color:#777}.clause{color:#777;font-size:.8em;max-width:12em}.change{color:#a60;font-size:.9em}img.crop{max-width:100%;border:1px solid #ccc;margin-top:4px}.evidence{color:#555;font-size:.9em;white-space:pre-wrap}
.verdict{font-size:1.2em;font-weight:bold}
@media print{body{margin:0;max-width:none}}
"""


def to_json(result: CheckResult) -> str:
    return result.model_dump_json(indent=2)


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def _clause(rule_id: str) -> str:
    """The clause of the forms a rule enforces (intake findings have none)."""
    try:
        from checks.registry import get_rule

        clause = get_rule(rule_id).clause
        return clause if len(clause) <= 48 else clause[:46] + "……"
    except KeyError:
        return ""


def _part_order(scheme: str | None, edition: Edition) -> list[str]:
    return ["整体材料"] + [alts[0] for alts in edition.required_parts.get(scheme or "", [])]


def to_html(result: CheckResult, images: dict[str, str] | None = None,
            edition: Edition | None = None) -> str:
    """The reviewer's report. `images` maps an evidence picture's path to a data: URI, so
    the page carries its pictures and stays one self-contained file. Parts are shown in the
    order of `edition`'s required parts (the default edition's when None)."""
    rows_meta = [
        ("申请单位", result.applicant or "未能识别"),
        ("评价类型", SCHEME_ZH.get(result.scheme, result.scheme)),
        ("申请类别", result.category or "—"),
        ("申请等级", result.level or "未能识别"),
        ("材料包", result.packet),
    ]
    out = [f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
           f"<title>预审报告 - {_e(result.applicant or result.packet)}</title>"
           f"<style>{_CSS}</style></head><body>",
           "<h1>用户满意工程申报材料预审报告</h1><table>"]
    out += [f"<tr><th style='width:8em'>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows_meta]
    counts = "，".join(f"{SEVERITY_ZH[k]} {v} 项" for k, v in result.counts.items())
    out.append(f"<tr><th>预审结论</th><td class='verdict'>{_e(result.verdict)}（{counts}）</td></tr>")
    out.append("</table>")
    groups: dict[str, list] = {}
    for d in result.deficiencies:
        groups.setdefault(REVIEW_GROUP if d.review else d.part or "整体材料", []).append(d)
    # packet order, parts yushen did not expect after them, what a rule was unsure of last
    order = _part_order(result.scheme, edition or load_edition())
    groups = dict(sorted(groups.items(), key=lambda kv: (
        kv[0] == REVIEW_GROUP, order.index(kv[0]) if kv[0] in order else len(order))))
    if result.lengths:
        out.append(_length_bars(result))
    out.append("<h2>问题清单</h2>")
    if not result.deficiencies:
        out.append("<p>未发现问题。</p>")
    n = 0
    for part, items in groups.items():
        note = ("<p class='notice'>以下各项规则无法确定（例如扫描件识别不清），不计入预审结论，"
                "请审核人员查看原件后判断。</p>" if part == REVIEW_GROUP else "")
        out.append(f"<h3>{_e(part)}</h3>{note}<table><tr><th>序号</th><th>级别</th><th>条款</th>"
                   "<th>位置</th><th>问题与依据</th></tr>")
        for d in items:
            n += 1
            where = " ".join(x for x in (d.file, d.location) if x) or "—"
            evidence = f"<div class='evidence'>依据：{_e(d.evidence)}</div>" if d.evidence else ""
            if d.waived:
                evidence += (f"<div class='waived'>已豁免：{_e(d.waived.reason)}"
                             f"（{_e(d.waived.by or '审核人员')}，{_e(d.waived.at)}）</div>")
            if d.change:
                evidence += f"<div class='change'>{'上次已有，仍未修正' if d.change == 'remaining' else '本次新出现'}</div>"
            if d.crop:
                source = (images or {}).get(d.crop, d.crop)
                evidence += (f"<div><img class='crop' src='{_e(source)}' "
                             f"alt='{_e(d.file or '')} {_e(d.location or '')}'></div>")
            level = "已豁免" if d.waived else SEVERITY_ZH[d.severity]
            if d.confidence < 1 and not d.waived:
                level += f"<div class='clause'>把握 {d.confidence:.0%}</div>"
            out.append(f"<tr id='d-{_e(d.id or n)}'><td>{n}<br><code>{_e(d.id or '')}</code></td>"
                       f"<td class='{'waived' if d.waived else d.severity}'>{level}</td>"
                       f"<td>{_e(d.rule_id)}<div class='clause'>{_e(_clause(d.rule_id))}</div></td>"
                       f"<td>{_e(where)}</td>"
                       f"<td>{_e(d.message)}{evidence}</td></tr>")
        out.append("</table>")
    if result.previous_packet:
        out.append(f"<h2>与上次提交比较</h2><p>上次提交：{_e(result.previous_packet)}。"
                   f"已修正 {len(result.fixed)} 项，仍存在 "
                   f"{sum(d.change == 'remaining' for d in result.deficiencies)} 项，新出现 "
                   f"{sum(d.change == 'new' for d in result.deficiencies)} 项。</p>")
        if result.fixed:
            out.append("<table class='fixed'><tr><th>已修正</th><th>条款</th><th>问题</th></tr>")
            out += [f"<tr><td>✓</td><td>{_e(d.rule_id)}</td><td>{_e(d.message)}</td></tr>"
                    for d in result.fixed]
            out.append("</table>")
    out.append("<h2>收到的文件</h2><table><tr><th>文件</th><th>类型</th><th>识别为</th>"
               "<th>SHA-256</th></tr>")
    for doc in result.documents:
        kind = doc.kind + (f"（由 {doc.converted_from} 转换）" if doc.converted_from else "")
        out.append(f"<tr><td>{_e(doc.file)}</td><td>{_e(kind)}</td>"
                   f"<td>{_e('、'.join(doc.parts) or '未识别')}</td>"
                   f"<td><code>{_e(doc.sha256[:16])}…</code></td></tr>")
    out.append("</table></body></html>")
    return "\n".join(out)


REVIEW_GROUP = "需人工核对"


def _length_bars(result: CheckResult) -> str:
    """Each chapter's 字数 as a bar, the tolerated range shaded and the target marked."""
    scale = max(max(b.words, b.high or 0) for b in result.lengths) * 1.1 or 1
    rows = ["<h2>篇幅</h2><table class='lengths'><tr><th>章节</th><th>字数</th><th style='width:55%'>"
            "与要求比较（灰色为允许范围，竖线为目标）</th></tr>"]
    for b in result.lengths:
        inside = (b.low or 0) <= b.words <= (b.high or b.words)
        band = ""
        if b.high is not None:
            left = (b.low or 0) / scale * 100
            band = (f"<span class='band' style='left:{left:.1f}%;"
                    f"width:{(b.high / scale * 100) - left:.1f}%'></span>")
        mark = (f"<span class='target' style='left:{b.target / scale * 100:.1f}%'></span>"
                if b.target else "")
        want = f"约 {b.target} 字" if b.target else f"不超过 {b.high} 字"
        rows.append(f"<tr><td>{_e(b.part)}：{_e(b.title)}</td><td>{b.words}（{want}）</td>"
                    f"<td><div class='track'>{band}<span class='bar {'ok' if inside else 'off'}' "
                    f"style='width:{b.words / scale * 100:.1f}%'></span>{mark}</div></td></tr>")
    rows.append("</table>")
    return "".join(rows)


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
    lines = [f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>批次汇总</title>"
             f"<style>{_CSS}</style></head><body><h1>预审批次汇总（{len(rows)} 个材料包）</h1>"
             "<table><tr><th>材料包</th><th>申请单位</th><th>类型</th><th>类别/等级</th>"
             "<th>结论</th><th>错误</th><th>警告</th><th>提示</th></tr>"]
    for r in rows:
        link = f"<a href='{_e(r.get('report', ''))}'>{_e(r['packet'])}</a>" if "report" in r \
            else _e(r["packet"])
        lines.append(
            f"<tr><td>{link}</td><td>{_e(r.get('applicant') or '')}</td>"
            f"<td>{_e(r.get('scheme') or '')}</td>"
            f"<td>{_e(' '.join(x for x in (r.get('category'), r.get('level')) if x))}</td>"
            f"<td>{_e(r['verdict'])}"
            + (f"<div class='evidence'>{_e(r['failure'])}</div>" if r.get("failure") else "")
            + f"</td><td>{r.get('error', '')}</td>"
            f"<td>{r.get('warning', '')}</td><td>{r.get('notice', '')}</td></tr>")
    lines.append("</table></body></html>")
    html_path = out_dir / "summary.html"
    html_path.write_text("\n".join(lines), encoding="utf-8")
    return [json_path, html_path, write_summary_xlsx(rows, out_dir / "summary.xlsx")]
