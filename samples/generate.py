"""Generate the sample packets in samples/packets and their expectations in samples/expected.

    python -m samples.generate

Five packets: scheme A complete (AA) and defective (AAA); scheme B 服务类 complete,
产品类 defective, 交通工程类 with two parts supplied only as scans. Each expected file
lists the deficiency IDs yushen must report (no more, no fewer) and the form values
written, so later checks can compare what they read with what was written.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from docx.enum.section import WD_SECTION
from docx.shared import Cm
from openpyxl import Workbook
from PIL import Image, ImageFilter

from pipeline.forms.chapters import HeadingSpec
from pipeline.forms.edition import load_edition
from pipeline.forms.outlines import b_report_outline
from pipeline.forms.topics import a_topics
from samples import docbuild as db
from samples import forms as sf
from samples.images import grey_copy, licence_page, seal, signature
from samples.text import paragraphs

HERE = Path(__file__).resolve().parent
PACKETS = HERE / "packets"
EXPECTED = HERE / "expected"
DATE = "2026年3月10日"
PLEDGES = load_edition("2026").pledges  # the sample packets fill the 2026 forms
A_TOPICS = a_topics(load_edition("2026"))

@dataclass
class Company:
    name: str
    uscc: str
    legal_rep: str
    contact: str
    mobile: str
    phone: str
    fax: str
    email: str
    address: str


@dataclass
class Sample:
    name: str
    description: str
    expected: list[str]
    forms: dict[str, dict[str, str]] = field(default_factory=dict)


def _rng(key: str) -> random.Random:
    return random.Random(sum(key.encode("utf-8")))


def _save(doc, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _signature_block(doc, org_label: str, company: Company, signer: str | None,
                     signed: bool | None = True) -> None:
    """Organisation name with its seal, the 主要负责人 line (`signer`; None when the form has
    none) with a handwritten signature picture (`signed` True), the typed name only (False)
    or nothing after the label (None)."""
    db.para(doc, f"{org_label}{company.name}", indent=False)
    db.seal_picture(doc, seal(company.name))
    if signer is not None:
        if signed:
            db.signature_line(doc, "主要负责人签字：", signature(signer))
        else:
            db.para(doc, f"主要负责人签字：{signer if signed is False else ''}", indent=False)
    db.para(doc, DATE, indent=False)


# ---------------------------------------------------------------- scheme A documents

def a_application(c: Company, level: str, sample: Sample, path: Path,
                  status: tuple[str, ...] = ("首次申请",), signed: bool = True,
                  seal_colour: str = "red") -> Path:
    """申请书; `status` lists the 申请状态 options ticked (two is a G-05 defect); not `signed`:
    the 主要负责人 typed only; `seal_colour` "grey": a photocopied seal (A-APP-04)."""
    doc = db.new_document()
    db.title(doc, "交通运输行业用户满意工程活动", 26)
    db.title(doc, "（质量信用等级评价）信息采集表", 26)
    db.para(doc, f"组织名称（加盖公章）：{c.name}", indent=False)
    db.para(doc, f"填报日期：{DATE}", indent=False)
    doc.add_page_break()
    db.title(doc, "交通运输行业市场质量信用等级评价申请书", 18)
    ticks = "☑AAA级 \n□AAA级" if level == "AAA" else "□AAA级 \n☑AAA级"
    intro = "".join(paragraphs(_rng(c.name), 500, 500))
    # as yushen reads them back: tick groups give the ticked option (the form's second box
    # also reads "AAA级", a typo for AA that classification resolves by position)
    values = {"单位名称": c.name, "法定代表人": c.legal_rep, "经办人": c.contact, "座机": c.phone,
              "传真": c.fax, "部门": "质量管理部", "手机": c.mobile, "电子信箱": c.email,
              "联系地址": c.address, "企业简介": intro, "申请类别": "AAA级",
              "项目名称": "（企业类免填）", "申请状态": "、".join(status), "是否申请公示": "是"}
    status_text = "  ".join(("☑" if o in status else "□") + o for o in ("首次申请", "申请复评"))
    rows = [
        [("单位名称", 1), (c.name, 3), ("法定代表人", 1), (c.legal_rep, 1)],
        [("经办人", 1), (c.contact, 1), ("座机", 1), (c.phone, 1), ("传真", 1), (c.fax, 1)],
        [("部门", 1), ("质量管理部", 1), ("手机", 1), (c.mobile, 1), ("电子信箱", 1), (c.email, 1)],
        [("联系地址", 1), (c.address, 5)],
        [("企业简介\n（500字左右）", 1), (intro, 5)],
        [("申请类别", 1), (ticks, 5)],
        [("项目名称", 1), ("（企业类免填）", 5)],
        [("申请状态", 1), (status_text, 3), ("是否申请公示", 1), ("☑是  □否", 1)],
        [("申请\n单位\n声明", 1), ("1. 本组织自愿参加中国交通企业管理协会“交通运输行业用户满意工程活动"
                                 "（市场质量信用评价）”工作。\n" + f"组织名称：{c.name}（盖章）"
                                 + ("" if signed else f"\n主要负责人签字：{c.legal_rep}\n{DATE}"), 5)],
    ]
    table = db.form_table(doc, rows, 6)
    picture = seal(c.name) if seal_colour == "red" else grey_copy(seal(c.name))
    db.seal_picture(table.cell(8, 1), picture, 3.5)
    if signed:
        db.signature_line(table.cell(8, 1), "主要负责人签字：", signature(c.legal_rep))
        table.cell(8, 1).add_paragraph(DATE)
    sample.forms["申请书"] = values
    return _save(doc, path)


def _pledge(title: str, intro: str, lines: list[str], outro: str | None, org_label: str,
            c: Company, signer: str | None, path: Path, font: str = "宋体", size: float = 14,
            signed: bool | None = True) -> Path:
    doc = db.new_document(font, size)
    db.title(doc, title, 18 if font == "宋体" else 22)
    db.para(doc, intro)
    for line in lines:
        db.para(doc, line)
    if outro:
        db.para(doc, outro)
    _signature_block(doc, org_label, c, signer, signed)
    return _save(doc, path)


def a_pledge(c: Company, path: Path) -> Path:
    return _pledge("市场质量信用承诺书", "为树立“质量诚信，用户满意”的经营理念，构建以诚信为核心的企业文化，"
                   "本组织郑重向广大用户做出如下承诺。", PLEDGES.a, None, "承诺组织名称（加盖公章）：",
                   c, c.legal_rep, path, "仿宋_GB2312", 16)


A_FORM_SECTIONS = ("企业信息表", "基础信用信息", "主要财务数据", "主要用户与市场指标", "被访者信息登记表")


def _a_form_section(doc, name: str, c: Company, sample: Sample) -> None:
    """One titled form section of the 推荐材料, its values recorded in `sample.forms`."""
    if name == "企业信息表":
        db.title(doc, "交通运输行业用户满意工程活动（市场质量信用评价）", 16)
        db.title(doc, "企业信息表", 16)
        sample.forms["企业信息表"] = sf.enterprise_info(doc, c, "交通运输服务业")
        sample.forms["组织信息"] = sf.organization(doc, c)
    elif name == "基础信用信息":
        db.title(doc, "基础信用信息", 16)
        sample.forms["基础信用信息"] = sf.basic_credit(doc)
        sample.forms["员工情况"] = dict(sf.STAFF)
    elif name == "主要财务数据":
        db.title(doc, "主要财务数据", 16)
        sample.forms["主要财务数据"] = sf.financials(doc)
        db.para(doc, f"企业名称:（加盖公章或财务章）{c.name}", indent=False)
        db.seal_picture(doc, seal(c.name), 3.5)
        db.para(doc, DATE, indent=False)
    elif name == "主要用户与市场指标":
        db.title(doc, "主要用户与市场指标", 16)
        sample.forms["主要用户与市场指标"] = sf.market(doc)
    elif name == "被访者信息登记表":
        db.title(doc, "被访者信息登记表", 16)
        sample.forms["被访者信息登记表"] = sf.respondents(doc, c.name)


def _a_cover_and_toc(doc, c: Company, body_font: str) -> None:
    db.title(doc, "2026年交通运输行业用户满意工程活动", 22)
    db.title(doc, "（市场质量信用评价—企业类）", 22)
    db.title(doc, "推荐材料", 26)
    for line in (f"企业名称（加盖公章）：{c.name}", "所属行业：交通运输服务业", "所在地区：江苏省南京市",
                 "第三方用户满意度评测机构：北京中交远航认证有限公司", f"填表日期：{DATE}"):
        db.para(doc, line, indent=False)
        if line.startswith("企业名称"):
            db.seal_picture(doc, seal(c.name), 3.5)
    doc.add_page_break()
    db.title(doc, "目录", 16, bold=False, font=body_font)
    for n, line in enumerate((*A_FORM_SECTIONS, "市场质量信用工作报告", "证实性材料"), 1):
        db.para(doc, f"{line}……{n}", indent=False, font=body_font, size_pt=16)


def a_recommendation(c: Company, sample: Sample, path: Path, body_font: str = "仿宋",
                     restart_pages: bool = True) -> Path:
    """推荐材料; `restart_pages=False` leaves out the section break after the 目录."""
    doc = db.new_document(body_font)
    _a_cover_and_toc(doc, c, body_font)
    if restart_pages:
        db.page_numbers(doc.add_section(WD_SECTION.NEW_PAGE), restart=True)
    else:
        db.page_numbers(doc.sections[0])
        doc.add_page_break()
    for name in A_FORM_SECTIONS:
        _a_form_section(doc, name, c, sample)
    return _save(doc, path)


def a_bound_volume(c: Company, sample: Sample, path: Path, order: tuple[str, ...],
                   chapter_chars: dict[str, int], drop_report_page: bool = False) -> Path:
    """The printed 推荐材料 as one PDF, as an applicant scans or exports it: cover, 目录,
    the form sections in `order`, the 工作报告 and the 证实性材料 (营业执照), page numbers
    from 1 after the 目录. `drop_report_page` leaves out the second page of the 工作报告:
    a page lost in binding."""
    doc = db.new_document("仿宋")
    _a_cover_and_toc(doc, c, "仿宋")
    db.page_numbers(doc.add_section(WD_SECTION.NEW_PAGE), restart=True)
    scratch = Sample(sample.name, "", [])  # the Word 推荐材料 records the form values
    for n, name in enumerate(order):
        if n:
            doc.add_page_break()
        _a_form_section(doc, name, c, scratch)
    doc.add_page_break()
    db.title(doc, f"{c.name}（服务）市场质量信用工作报告", 18)
    rng = _rng(c.name + "bound")
    for heading_text, chars in chapter_chars.items():
        db.heading(doc, heading_text, 1, font="黑体")
        for text in paragraphs(rng, chars):
            db.para(doc, text, size_pt=16, justify=True)
    doc.add_page_break()
    db.title(doc, "证实性材料", 16)
    with tempfile.TemporaryDirectory() as tmp:
        licence = Path(tmp) / "licence.png"
        licence_page(c.name, c.uscc, c.legal_rep, licence)
        doc.add_picture(str(licence), width=Cm(14))
        src = _save(doc, Path(tmp) / "volume.docx")
        _to_pdf(src, Path(tmp))
        rendered = Path(tmp) / "volume.pdf"
        if drop_report_page:
            import pdfplumber
            import pypdfium2

            with pdfplumber.open(rendered) as plumb:  # the page with the first chapter
                title_page = next(n for n, page in enumerate(plumb.pages)
                                  if A_TITLES[0] in (page.extract_text() or "").replace(" ", ""))
            pdf = pypdfium2.PdfDocument(str(rendered))
            pdf.del_page(title_page + 1)
            pdf.save(str(path))
            pdf.close()
        else:
            shutil.copyfile(rendered, path)
    return path


def _topic_paragraph(chapter: int, level: str, omit: tuple[str, ...]) -> str:
    """One sentence naming the chapter's required topics (A-RPT-03), CJK only."""
    words = [t.phrases[0] for t in A_TOPICS[chapter]
             if (level == "AAA" or not t.aaa_only) and t.name not in omit]
    return "本章介绍" + "、".join(words) + "等内容。"


def a_report(c: Company, chapter_chars: dict[str, int], path: Path, body_font: str = "仿宋",
             level: str = "AA", omit_topics: tuple[str, ...] = ()) -> Path:
    """工作报告 with the given chapters (title → characters of body text, the first paragraph
    naming the chapter's required topics except `omit_topics`), in dict order."""
    doc = db.new_document(body_font)
    db.title(doc, "交通运输行业用户满意工程活动", 22)
    db.title(doc, "（市场质量信用）工作报告", 22)
    doc.add_page_break()
    db.title(doc, f"{c.name}（服务）市场质量信用工作报告", 18)
    rng = _rng(c.name + "report")
    for heading_text, chars in chapter_chars.items():
        db.heading(doc, heading_text, 1, font="黑体")
        topics = _topic_paragraph(A_TITLES.index(heading_text), level, omit_topics)
        db.para(doc, topics, size_pt=16, justify=True)
        for text in paragraphs(rng, chars - len(topics)):
            db.para(doc, text, size_pt=16, justify=True)
    return _save(doc, path)


def survey_report_pdf(c: Company, title_text: str, path: Path) -> Path:
    doc = db.new_document("宋体", 12)
    db.title(doc, title_text, 18)
    db.para(doc, f"受{c.name}委托，北京中交远航认证有限公司于2025年10月15日至2025年11月20日开展用户满意度测评。")
    for text in paragraphs(_rng(c.name + "survey"), 600):
        db.para(doc, text)
    with tempfile.TemporaryDirectory() as tmp:
        src = _save(doc, Path(tmp) / "report.docx")
        _to_pdf(src, Path(tmp))
        shutil.copyfile(Path(tmp) / "report.pdf", path)
    return path


def _to_pdf(src: Path, outdir: Path) -> None:
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=180)


# ---------------------------------------------------------------- scheme B documents

def b_business_pledge(c: Company, path: Path, size: float = 14) -> Path:
    return _pledge("交通运输企业用户满意经营承诺书", "为构建诚信经营、用户满意的市场环境，维护消费者的合法"
                   "权益，本组织郑重承诺：", PLEDGES.b_business, None, "承诺企业（盖章）：", c, None, path,
                   size=size)


def b_apply_pledge(c: Company, path: Path, signed: bool | None = True) -> Path:
    return _pledge("交通运输企业用户满意等级评价申报承诺书", "本单位在申报交通运输企业用户满意等级评价过程中"
                   "做出如下承诺：", PLEDGES.b_apply, "本单位对上述条款做出郑重承诺，并在申报过程中严格遵守。",
                   "单位名称：（盖章）", c, c.legal_rep, path, signed=signed)


CATEGORY_TICKS = {
    ("服务类", "五星"): 0, ("服务类", "四星"): 1, ("服务类", "三星"): 2,
    ("产品类", "四星"): 3, ("产品类", "三星"): 4, ("交通工程类", "四星"): 5, ("交通工程类", "三星"): 6,
}


def b_application(c: Company, category: str, level: str, project: str, sample: Sample,
                  path: Path, review: tuple[str, ...] = ("初评（首次申请）",),
                  sealed: bool = True) -> Path:
    """申请表; `review` lists the 初评/复评 options ticked (none is a G-05 defect); not
    `sealed`: the 企业名称（盖章） cell has no seal (B-APP-01)."""
    boxes = ["□"] * 7
    boxes[CATEGORY_TICKS[(category, level)]] = "☑"
    choice = (f"服务类：{boxes[0]}用户满意标杆（五星）级{boxes[1]}用户满意（四星）级\n"
              f"{boxes[2]}用户满意亮诺（三星）级\n"
              f"产品类：{boxes[3]}用户满意（四星）级{boxes[4]}用户满意亮诺（三星）级\n"
              f"工程类：{boxes[5]}用户满意（四星）级{boxes[6]}用户满意亮诺（三星）级")
    doc = db.new_document("宋体", 12)
    db.title(doc, "交通运输企业用户满意等级评价申请表", 18, font="宋体")
    values = {"企业名称": c.name, "统一社会信用代码": c.uscc, "企业类型": "有限责任公司",
              "行业分类": "交通运输业", "组织规模": "大型", "联系人": c.contact, "部门": "质量管理部",
              "职务": "部长", "手机": c.mobile, "联系地址": c.address,
              "申请类别与等级": f"用户满意{'标杆' if level == '五星' else ''}（{level}）级"
                          if level != "三星" else "用户满意亮诺（三星）级",
              "申报项目名称": project, "满意度（百分制得分）": "88.6", "初评/复评": "、".join(review)}
    review_text = "\n".join(("☑" if o in review else "□") + o for o in ("初评（首次申请）", "复评"))
    rows = [
        [("企业名称", 1), (c.name, 4)],
        [("统一社会信用代码", 1), (c.uscc, 1), ("企业类型", 1), ("有限责任公司", 2)],
        [("行业分类", 1), ("交通运输业", 1), ("组织规模", 1), ("大型", 2)],
        [("联系人", 1), (c.contact, 1), ("部门", 1), ("质量管理部", 2)],
        [("职务", 1), ("部长", 1), ("手机", 1), (c.mobile, 2)],
        [("联系地址", 1), (c.address, 4)],
        [("申请类别与等级", 1), (choice, 4)],
        [("申报项目名称", 1), (project, 4)],
        [("注：服务类填写专项服务名称，产品类填写产品名称，工程类填写工程名称（名称与竣工验收证明一致）。", 5)],
        [("满意度（百分制得分）", 1), ("88.6", 1), ("初评/复评", 1), (review_text, 2)],
    ]
    block_rows, block_values, spans = sf.b_category_blocks(category)
    first_block_row = len(rows)
    table = db.form_table(doc, rows + block_rows, 5)
    for first, last in spans:  # the category label spans its rows, as on the form
        top, bottom = first_block_row + first, first_block_row + last
        text = table.cell(top, 0).text
        table.cell(top, 0).merge(table.cell(bottom, 0)).text = text
    if sealed:
        db.seal_picture(table.cell(0, 1), seal(c.name), 3.0)
    sample.forms["申请表"] = values
    sample.forms["申请表类别"] = block_values
    return _save(doc, path)


def _outline_lengths(outline: tuple[HeadingSpec, ...], chapter_chars: tuple[int, int, int]
                     ) -> list[tuple[HeadingSpec, int]]:
    """Spread each chapter's characters over its leaf headings."""
    out: list[tuple[HeadingSpec, int]] = []
    for top, chars in zip(outline, chapter_chars, strict=True):
        nodes = top.flatten()
        leaves = [n for n in nodes if not n.children] or [top]
        share = chars // len(leaves)
        rest = chars - share * len(leaves)
        for node in nodes:
            n = 0
            if node in leaves:
                n = share + (rest if node is leaves[-1] else 0)
            out.append((node, n))
    return out


def b_report(c: Company, category: str, project: str, chapter_chars: tuple[int, int, int],
             path: Path, drop: tuple[str, ...] = (), line_spacing: float = 1.5,
             page_numbers: bool = True) -> Path:
    """实践报告 following the category template in the 编写要求 format; headings in `drop`
    (and below) left out; `line_spacing` and `page_numbers` switch format defects on."""
    doc = db.new_document("宋体", 14)
    db.title(doc, f"{c.name}{project}用户满意经营实践报告", 18, font="宋体")
    if page_numbers:
        db.page_numbers(doc.sections[0])
    rng = _rng(c.name + project)
    counters = {1: 0, 2: 0, 3: 0, 4: 0}
    skipping_level = None
    for node, chars in _outline_lengths(b_report_outline(load_edition(), category), chapter_chars):
        if skipping_level is not None and node.level > skipping_level:
            continue
        skipping_level = None
        if node.title in drop:
            skipping_level = node.level
            continue
        counters[node.level] += 1
        for deeper in range(node.level + 1, 5):
            counters[deeper] = 0
        n = counters[node.level]
        numeral = "一二三四五六七八九十"[n - 1]
        label = {1: f"{numeral}、", 2: f"（{numeral}）", 3: f"{n}.", 4: f"（{n}）"}[node.level]
        db.heading(doc, f"{label}{node.title}", min(node.level, 3), font="黑体")
        for text in paragraphs(rng, chars) if chars else []:
            db.para(doc, text, size_pt=14, line_spacing=line_spacing, justify=True)
    return _save(doc, path)


def b_survey_report(c: Company, project: str, path: Path) -> Path:
    doc = db.new_document("宋体", 12)
    db.title(doc, "第三方用户满意度测量报告", 18)
    db.para(doc, f"测量对象：{c.name}{project}。测量时间：2025年10月20日至2025年11月30日。")
    for text in paragraphs(_rng(project), 500):
        db.para(doc, text)
    return _save(doc, path)


def evidence(c: Company, title_text: str, body: str, path: Path) -> Path:
    """A one-page evidence copy (certificate, report) as a Word file with its title."""
    doc = db.new_document("宋体", 14)
    db.title(doc, title_text, 22, font="宋体")
    db.para(doc, body.format(name=c.name))
    db.para(doc, DATE, indent=False)
    return _save(doc, path)


AWARD = ("荣誉证书", "{name}被评为2025年度交通运输行业用户满意服务先进单位。")


def survey_materials(c: Company, project: str, work: Path, respondents: int = 60) -> None:
    """The third-party measurement material (B-SUR-01), named 企业全称+项目名称 (G-02)."""
    prefix = f"{c.name}{project}"
    for title_text, suffix in (("用户满意度测量方案", "测量方案"), ("用户满意度调查问卷", "调查问卷"),
                               ("实施方案", "实施方案"), ("测量机构资质证书", "测量机构资质证书")):
        evidence(c, title_text, f"{{name}}{project}用户满意度测量：{suffix}。", work / f"{prefix}-{suffix}.docx")
    rng = random.Random(prefix)
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "联系方式", "调查时间", "工作单位"])
    for i in range(1, respondents + 1):
        sheet.append([i, f"被访者{i:03d}", f"138{rng.randint(10000000, 99999999)}",
                      f"2025年11月{rng.randint(1, 28)}日", ""])
    book.save(work / f"{prefix}-被访者名单.xlsx")
    data = Workbook()
    sheet = data.active
    sheet.append(["样本编号", "总体满意度", "忠诚度", "抱怨"])
    for i in range(1, respondents + 1):
        sheet.append([i, rng.randint(70, 100), rng.randint(60, 100), rng.randint(0, 1)])
    data.save(work / f"{prefix}-数据库.xlsx")


def scan_of(docx_path: Path, png_path: Path, seed: int) -> Path:
    """Render a .docx (LibreOffice → pdftoppm 150 dpi), tilt each page, add paper noise.
    A .tif target gets every page (multi-page TIFF, as office scanners write); any other
    target the first page only."""
    every = png_path.suffix.lower() in (".tif", ".tiff")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / "page.docx"
        shutil.copyfile(docx_path, src)
        _to_pdf(src, tmpdir)
        subprocess.run(["pdftoppm", "-r", "150", *([] if every else ["-f", "1", "-l", "1"]),
                        "-png", str(tmpdir / "page.pdf"), str(tmpdir / "p")],
                       check=True, timeout=120)
        pages = [Image.open(p).convert("RGB") for p in sorted(tmpdir.glob("p*.png"))]
    rng = np.random.default_rng(seed)
    scanned = []
    for page in pages:
        page = page.rotate(float(rng.uniform(-1.2, 1.2)), resample=Image.BICUBIC,
                           fillcolor="white")
        pixels = np.asarray(page).astype(np.int16)
        pixels += rng.normal(0, 6, pixels.shape).astype(np.int16)
        scanned.append(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(0.4)))
    if every:
        scanned[0].save(png_path, save_all=True, append_images=scanned[1:],
                        compression="tiff_lzw")
    else:
        scanned[0].save(png_path, quality=80)
    return png_path


class _GBKName(zipfile.ZipInfo):
    """Zip entry named in GBK without the UTF-8 flag, as Windows' built-in zip writes it."""

    def _encodeFilenameFlags(self):  # noqa: N802 - CPython's private hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zip_folder(folder: Path, target: Path, gbk_names: bool) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                info = (_GBKName if gbk_names else zipfile.ZipInfo)(f.relative_to(folder).as_posix(),
                                                                    date_time=(2026, 3, 10, 9, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, f.read_bytes())
    return target


# ---------------------------------------------------------------- the packets

HUATONG = Company("华通交通运输集团有限公司", "91350200776049653A", "王建国", "李明",
                  "13912345678", "025-84561234", "025-84561235", "liming@huatong.com.cn",
                  "江苏省南京市建邺区江东中路100号")
YUANHANG = Company("远航港口物流股份有限公司", "91350500798359476R", "陈海", "周丽",
                   "13812345678", "0592-5123456", "0592-5123457", "zhouli@yuanhang.cn",
                   "福建省厦门市湖里区港中路88号")
SHUNDA = Company("顺达城市公交有限公司", "913502000728319549", "刘强", "赵敏", "13712345678",
                 "0591-87654321", "0591-87654322", "zhaomin@shunda-bus.cn", "福建省福州市鼓楼区五四路66号")
HENGLI = Company("恒力交通装备制造有限公司", "91310110666007217T", "孙力", "吴静", "13612345678",
                 "021-65432100", "021-65432101", "wujing@hengli-eq.com", "上海市杨浦区军工路1000号")
ZHONGLU = Company("中路桥梁工程建设有限公司", "91350200776049653A", "郑伟", "钱芳", "13512345678",
                  "010-62345678", "010-62345679", "qianfang@zhonglu.cn", "北京市海淀区西三环北路5号")

A_TITLES = ["一、情况概述", "二、企业在运营中的资源保障情况", "三、企业在生产、服务过程中的质量保障情况",
            "四、顾客关系管理的主要目标、措施和经验"]


def build_a1(work: Path) -> Sample:
    s = Sample("A1_质量信用_AA_完整", "A 企业类，AAA级以下，材料齐全、命名规范、篇幅达标，"
               "以GBK文件名的zip压缩包提交。", [])
    c = HUATONG
    pre = f"市场质量信用等级：{c.name}"
    a_application(c, "AA", s, work / f"{pre}-信息采集表.docx")
    a_pledge(c, work / f"{pre}-承诺书.docx")
    a_recommendation(c, s, work / f"{pre}-推荐材料.docx")
    a_report(c, dict(zip(A_TITLES, (2100, 1450, 1600, 4900), strict=True)),
             work / f"{pre}-工作报告.docx")
    survey_report_pdf(c, "用户满意度测评报告", work / f"{pre}-第三方用户满意度测评报告.pdf")
    licence_page(c.name, c.uscc, c.legal_rep, work / f"{pre}-营业执照.png")
    return s


def build_a2(work: Path) -> Sample:
    s = Sample("A2_质量信用_AAA_缺陷", "A 企业类，AAA级：缺承诺书；工作报告缺第三章、第一章篇幅不足、"
               "全文超1万字左右（AAA级仅提示）、正文用仿宋_GB2312（提示）；推荐材料目录后未分节、"
               "页码未从1开始；申请状态两项都勾选；第四章未写最佳实践（AAA级要求）；"
               "一个文件未按规定命名；以文件夹而非压缩包提交；申请书的公章为黑白图片、"
               "主要负责人只打印了姓名未签字。",
               ["G-02", "G-02", "G-05", "G-07", "A-RPT-01", "A-RPT-02", "A-RPT-02", "A-RPT-03",
                "A-RPT-04", "A-REC-03", "A-APP-03", "A-APP-04"])
    c = YUANHANG
    pre = f"市场质量信用等级：{c.name}"
    a_application(c, "AAA", s, work / f"{pre}-信息采集表.docx", status=("首次申请", "申请复评"),
                  signed=False, seal_colour="grey")
    a_recommendation(c, s, work / f"{pre}-推荐材料.docx", restart_pages=False)
    chapters = {A_TITLES[0]: 1000, A_TITLES[1]: 3100, A_TITLES[3]: 9800}
    a_report(c, chapters, work / "工作报告.docx", body_font="仿宋_GB2312", level="AAA",
             omit_topics=("企业最佳实践",))
    survey_report_pdf(c, "用户满意度测评报告", work / f"{pre}-第三方用户满意度测评报告.pdf")
    licence_page(c.name, c.uscc, c.legal_rep, work / f"{pre}-营业执照.png")
    return s


def build_a3(work: Path) -> Sample:
    s = Sample("A3_质量信用_AA_装订PDF", "A 企业类，AA级：Word 电子版齐全无误，另附装订成册的推荐材料 PDF；"
               "PDF 中主要用户与市场指标装订在主要财务数据之前，工作报告缺一页（页码跳号）。",
               ["A-REC-02", "A-REC-03"])
    c = HUATONG
    pre = f"市场质量信用等级：{c.name}"
    chapters = dict(zip(A_TITLES, (2100, 1450, 1600, 4900), strict=True))
    a_application(c, "AA", s, work / f"{pre}-信息采集表.docx")
    a_pledge(c, work / f"{pre}-承诺书.docx")
    a_recommendation(c, s, work / f"{pre}-推荐材料.docx")
    a_report(c, chapters, work / f"{pre}-工作报告.docx")
    swapped = ("企业信息表", "基础信用信息", "主要用户与市场指标", "主要财务数据", "被访者信息登记表")
    a_bound_volume(c, s, work / f"{pre}-推荐材料（装订版）.pdf", swapped,
                   {t: n // 4 for t, n in chapters.items()}, drop_report_page=True)
    survey_report_pdf(c, "用户满意度测评报告", work / f"{pre}-第三方用户满意度测评报告.pdf")
    licence_page(c.name, c.uscc, c.legal_rep, work / f"{pre}-营业执照.png")
    return s


def build_b1(work: Path) -> Sample:
    s = Sample("B1_服务类_五星_完整", "B 服务类五星：全部组成部分齐全，实践报告按服务类模板、篇幅达标；"
               "营业执照为扫描图片。", [])
    c, project = SHUNDA, "城市公交一站式出行服务"
    b_business_pledge(c, work / "01经营承诺书.docx")
    b_apply_pledge(c, work / "02申报承诺书.docx")
    b_application(c, "服务类", "五星", project, s, work / "03申请表.docx")
    b_report(c, "服务类", project, (1000, 7600, 950), work / "04实践报告.docx")
    licence_page(c.name, c.uscc, c.legal_rep, work / "05营业执照.png")
    b_survey_report(c, project, work / f"{c.name}{project}-第三方测量报告.docx")
    evidence(c, *AWARD, work / "06证实性材料-荣誉证书.docx")
    survey_materials(c, project, work)
    return s


def build_b2(work: Path) -> Sample:
    s = Sample("B2_产品类_四星_缺陷", "B 产品类四星：实践报告缺“（三）评价”整节、第二章与全文超长、"
               "正文单倍行距、未设页码；第三方测量报告未按“企业全称+项目名称”命名；"
               "产品检测报告文件损坏无法打开（因而也视为未提供）；申请表未盖章；"
               "申报承诺书主要负责人只打印了姓名未签字。",
               ["B-EVD-01", "B-RPT-01", "B-RPT-02", "B-RPT-02", "B-RPT-03", "B-RPT-03", "G-02",
                "G-06", "B-APP-01", "B-PLG-02"])
    c, project = HENGLI, "HL3000型桥梁检测车"
    b_business_pledge(c, work / "经营承诺书.docx")
    b_apply_pledge(c, work / "申报承诺书.docx", signed=False)
    b_application(c, "产品类", "四星", project, s, work / "申请表.docx", sealed=False)
    # 15000 字 over 16 leaf sections; dropping 评价 (5 leaves) leaves about 10300 in chapter 二
    b_report(c, "产品类", project, (1000, 15000, 1000), work / "实践报告.docx", drop=("评价",),
             line_spacing=1.0, page_numbers=False)
    licence_page(c.name, c.uscc, c.legal_rep, work / "营业执照.png")
    b_survey_report(c, project, work / "第三方测量报告.docx")
    survey_materials(c, project, work)
    evidence(c, *AWARD, work / "证实性材料-荣誉证书.docx")
    evidence(c, "商标注册证书", "核定使用商品：第12类 桥梁检测车。注册人：{name}。", work / "证实性材料-商标注册证书.docx")
    good = (work / "经营承诺书.docx").read_bytes()
    (work / "证实性材料-产品检测报告.docx").write_bytes(good[: len(good) // 3])  # truncated
    return s


def build_b3(work: Path) -> Sample:
    s = Sample("B3_交通工程类_三星_扫描件", "B 交通工程类三星：两份承诺书只提供了扫描图片（无Word版）；"
               "申请表“初评/复评”未勾选；其余齐全。", ["G-01", "G-01", "G-05"])
    c, project = ZHONGLU, "滨江大桥主桥工程"
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        # 小四 so that the pledge and its seal fit the one page scanned
        scan_of(b_business_pledge(c, tmpdir / "a.docx", size=12), work / "经营承诺书（盖章扫描件）.jpg", 1)
        scan_of(b_apply_pledge(c, tmpdir / "b.docx"), work / "申报承诺书（签字盖章扫描件）.jpg", 2)
    b_application(c, "交通工程类", "三星", project, s, work / "申请表.docx", review=())
    b_report(c, "交通工程类", project, (980, 7700, 1000), work / "实践报告.docx")
    licence_page(c.name, c.uscc, c.legal_rep, work / "营业执照.png")
    b_survey_report(c, project, work / f"{c.name}{project}-第三方测量报告.docx")
    evidence(c, *AWARD, work / "证实性材料-荣誉证书.docx")
    survey_materials(c, project, work)
    evidence(c, "工程竣工验收证明", "滨江大桥主桥工程于2025年3月18日通过竣工验收。施工单位：{name}。",
             work / "证实性材料-竣工验收证明.docx")
    evidence(c, "建设单位（用户）满意度评价鉴定意见", "建设单位对{name}承建的滨江大桥主桥工程评价为满意。",
             work / "证实性材料-满意度评价鉴定意见.docx")
    return s


BUILDERS: list[tuple[Callable[[Path], Sample], str]] = [
    (build_a1, "zip-gbk"), (build_a2, "folder"), (build_a3, "zip"), (build_b1, "zip"),
    (build_b2, "folder"),
    (build_b3, "folder"),
]


def main() -> None:
    shutil.rmtree(PACKETS, ignore_errors=True)
    shutil.rmtree(EXPECTED, ignore_errors=True)
    PACKETS.mkdir(parents=True)
    EXPECTED.mkdir(parents=True)
    for builder, form in BUILDERS:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp) / "packet"
            work.mkdir()
            sample = builder(work)
            if form == "folder":
                target = PACKETS / sample.name
                shutil.copytree(work, target)
            else:
                company = sample.forms.get("申请书", sample.forms.get("申请表", {}))
                name = company.get("单位名称") or company.get("企业名称") or sample.name
                stem = f"市场质量信用等级：{name}" if sample.name.startswith("A") else name
                target = zip_folder(work, PACKETS / f"{sample.name}__{stem}.zip",
                                    gbk_names=form == "zip-gbk")
        record = {"packet": target.name, "description": sample.description,
                  "expected_rule_ids": sorted(sample.expected), "forms": sample.forms}
        (EXPECTED / f"{sample.name}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{target.relative_to(HERE)}: expected {sorted(sample.expected) or 'no deficiencies'}")


if __name__ == "__main__":
    main()
