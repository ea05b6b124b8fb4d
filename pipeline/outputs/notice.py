"""补正通知书: the formal notice sent to the applicant, as a Word file (python-docx).

Only errors and warnings go in: notices are the reviewer's, not the applicant's. Each item
says what to correct, where, and the clause it rests on; the deadline and the contact come
from the settings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from pipeline.core.parse import zh_date
from pipeline.core.result import CheckResult, Deficiency
from pipeline.core.settings import Settings

SCHEME_TITLE = {"A": "交通运输行业用户满意工程活动（市场质量信用等级评价）",
                "B": "交通运输行业用户满意工程活动（用户满意等级评价）"}
BODY_FONT, TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"  # the usual fonts of an official notice


def _run(paragraph, text: str, font: str = BODY_FONT, size: float = 16, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def items(result: CheckResult) -> list[Deficiency]:
    """What the applicant must correct: errors first, then warnings, in report order; what a
    reviewer waived is left out."""
    open_items = [d for d in result.deficiencies if d.waived is None]
    return [d for d in open_items if d.severity == "error"] + \
        [d for d in open_items if d.severity == "warning"]


def _line(d: Deficiency) -> str:
    where = " ".join(x for x in (d.file.rsplit("/", 1)[-1] if d.file else None, d.location) if x)
    return d.message + (f"（位置：{where}）" if where else "") + f"〔{d.rule_id}〕"


def write_notice(result: CheckResult, path: Path, settings: Settings,
                 today: dt.date | None = None) -> Path:
    today = today or dt.date.today()
    deadline = today + dt.timedelta(days=settings.notice_deadline_days)
    document = docx.Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, "补正通知书", TITLE_FONT, 22)
    _run(document.add_paragraph(), f"{result.applicant or '申报单位'}：")
    scheme = SCHEME_TITLE.get(result.scheme or "", "交通运输行业用户满意工程活动")
    todo = items(result)
    intro = document.add_paragraph()
    intro.paragraph_format.first_line_indent = Pt(32)
    if todo:
        _run(intro, f"贵单位报送的{scheme}申报材料已收悉。经形式审查，材料存在以下 {len(todo)} 项"
                    f"需要补正的问题，请于{zh_date(deadline)}前补正后重新报送：")
        for n, d in enumerate(todo, start=1):
            p = document.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)
            _run(p, f"{n}. {_line(d)}")
    else:
        _run(intro, f"贵单位报送的{scheme}申报材料已收悉。经形式审查，材料齐全，无需补正。")
    contact = document.add_paragraph()
    contact.paragraph_format.first_line_indent = Pt(32)
    reach = "，".join(x for x in (f"联系人：{settings.notice_contact}" if settings.notice_contact else "",
                                  f"电话：{settings.notice_phone}" if settings.notice_phone else "",
                                  f"邮箱：{settings.notice_email}" if settings.notice_email else "") if x)
    _run(contact, "补正材料请按原要求命名，统一压缩后发送至指定邮箱。" + (f"{reach}。" if reach else ""))
    for text in (settings.notice_issuer, zh_date(today)):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(p, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
