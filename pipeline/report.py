"""Render a CheckResult: JSON (machine) and a self-contained Chinese HTML page (reviewer)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from pipeline.model import Packet
from pipeline.result import SEVERITY_ZH, CheckResult

SCHEME_ZH = {"A": "市场质量信用等级评价（企业类）", "B": "用户满意等级评价", None: "未能识别"}

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",SimSun,sans-serif;margin:2em auto;
max-width:60em;color:#222;line-height:1.6}
h1{font-size:1.5em;border-bottom:2px solid #333;padding-bottom:.3em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eee}.error{color:#b00020;font-weight:bold}.warning{color:#b36b00}
.notice{color:#555}img.crop{max-width:100%;border:1px solid #ccc;margin-top:4px}.evidence{color:#555;font-size:.9em;white-space:pre-wrap}
.verdict{font-size:1.2em;font-weight:bold}
@media print{body{margin:0;max-width:none}}
"""


def to_json(result: CheckResult) -> str:
    return result.model_dump_json(indent=2)


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def to_html(result: CheckResult) -> str:
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
        groups.setdefault(d.part or "整体材料", []).append(d)
    out.append("<h2>问题清单</h2>")
    if not result.deficiencies:
        out.append("<p>未发现问题。</p>")
    n = 0
    for part, items in groups.items():
        out.append(f"<h3>{_e(part)}</h3><table><tr><th>序号</th><th>级别</th><th>条款</th>"
                   "<th>位置</th><th>问题与依据</th></tr>")
        for d in items:
            n += 1
            where = " ".join(x for x in (d.file, d.location) if x) or "—"
            evidence = f"<div class='evidence'>依据：{_e(d.evidence)}</div>" if d.evidence else ""
            if d.crop:
                evidence += (f"<div><img class='crop' src='{_e(d.crop)}' "
                             f"alt='{_e(d.file or '')} {_e(d.location or '')}'></div>")
            out.append(f"<tr><td>{n}</td><td class='{d.severity}'>{SEVERITY_ZH[d.severity]}</td>"
                       f"<td>{_e(d.rule_id)}</td><td>{_e(where)}</td>"
                       f"<td>{_e(d.message)}{evidence}</td></tr>")
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


def write_reports(result: CheckResult, out_dir: Path, packet: Packet | None = None) -> list[Path]:
    """report.json and report.html; with the `packet`, also evidence/N.png, a picture of the
    page where a deficiency is (seals, signature places, lines of a scan or PDF)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if packet is not None:
        from pipeline.evidence import write_crops

        write_crops(result, packet, out_dir)
    json_path = out_dir / "report.json"
    html_path = out_dir / "report.html"
    json_path.write_text(to_json(result), encoding="utf-8")
    html_path.write_text(to_html(result), encoding="utf-8")
    return [json_path, html_path]


def batch_summary(results: list[tuple[str, CheckResult | None, str | None]], out_dir: Path
                  ) -> list[Path]:
    """summary.json and summary.html: one row per packet (folder name, verdict, counts)."""
    rows = []
    for folder, result, failure in results:
        if result is None:
            rows.append({"packet": folder, "verdict": "检查失败", "failure": failure})
            continue
        top = [f"{d.rule_id} {d.message}" for d in result.deficiencies
               if d.severity == "error"][:3]
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
            f"<td>{_e(r['verdict'])}</td><td>{r.get('error', '')}</td>"
            f"<td>{r.get('warning', '')}</td><td>{r.get('notice', '')}</td></tr>")
    lines.append("</table></body></html>")
    html_path = out_dir / "summary.html"
    html_path.write_text("\n".join(lines), encoding="utf-8")
    return [json_path, html_path]
