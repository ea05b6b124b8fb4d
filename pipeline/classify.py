"""Classification: which parts a document holds, the packet's scheme, category and level."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from pipeline import forms
from pipeline.model import Block, ClassifiedDocument, Document, Packet, PartSpan, SourceFile
from pipeline.textnorm import compact, has_numbering

# Parts per scheme, in the order the forms bind them.
PARTS_A = ["申请书", "承诺书", "推荐材料", "工作报告", "第三方测评报告", "营业执照"]
PARTS_B = ["封面", "经营承诺书", "申报承诺书", "申请表", "实践报告", "营业执照", "证实性材料",
           "第三方测量材料"]
SCHEME_OF_PART = {
    "申请书": "A", "承诺书": "A", "推荐材料": "A", "工作报告": "A",
    "经营承诺书": "B", "申报承诺书": "B", "申请表": "B", "实践报告": "B", "封面": "B",
}  # 营业执照, 证实性材料 and the third-party material occur in both schemes: no vote


@dataclass(frozen=True)
class TitleRule:
    part: str
    pattern: re.Pattern[str]


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# A title is a short line that is not a numbered list item; matched on compacted text.
TITLE_RULES: list[TitleRule] = [
    TitleRule("申请书", _r(r"质量信用等级评价\)?信息采集表$|质量信用等级评价申请书$")),
    TitleRule("封面", _r(r"用户满意等级评价\)?信息采集表$")),
    TitleRule("承诺书", _r(r"^市场质量信用承诺书$")),
    TitleRule("推荐材料", _r(r"^推荐材料$|信用等级推荐材料$|^企业信息表$")),
    TitleRule("工作报告", _r(r"质量信用\)?工作报告$")),
    TitleRule("第三方测评报告", _r(r"满意度(测评|测量|调查|评价)报告$|^第三方测量报告$")),
    TitleRule("经营承诺书", _r(r"用户满意经营承诺书$")),
    TitleRule("申报承诺书", _r(r"等级评价申报承诺书$")),
    TitleRule("申请表", _r(r"用户满意等级评价申请表$")),
    TitleRule("实践报告", _r(r"用户满意经营(的)?实践报告(\(.{2,6}模板\))?$")),
    TitleRule("营业执照", _r(r"^营业执照(\(副本\)|副本|复印件)?$")),
    TitleRule("第三方测量材料", _r(r"^(第三方)?(用户满意度)?(测量方案|调查问卷|实施方案|"
                                   r"被访者名单|测量机构资质证书)$")),
    TitleRule("证实性材料", _r(r"^(其他)?证实性材料$|竣工验收证明$|鉴定意见$|检测报告$|"
                              r"商标注册证书?$|荣誉证书$")),
]

# File-name keywords, used when a document's text names no part (scans, photos).
NAME_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("经营承诺书", _r(r"经营承诺书")), ("申报承诺书", _r(r"申报承诺书")),
    ("承诺书", _r(r"承诺书")), ("申请表", _r(r"申请表")), ("申请书", _r(r"申请书|信息采集表")),
    ("推荐材料", _r(r"推荐材料")), ("工作报告", _r(r"工作报告")), ("实践报告", _r(r"实践报告")),
    ("营业执照", _r(r"营业执照")),
    ("第三方测评报告", _r(r"满意度.*(测评|测量|调查)报告|第三方测量报告")),
    ("第三方测量材料", _r(r"测量方案|调查问卷|实施方案|数据库|被访者名单|资质证书")),
    ("证实性材料", _r(r"证实性材料|荣誉|检测报告|商标|竣工验收|鉴定意见")),
]

MAX_TITLE_CHARS = 40


def _title_part(block: Block) -> str | None:
    text = block.text.strip()
    if not text or has_numbering(text):
        return None
    flat = compact(text)
    if len(flat) > MAX_TITLE_CHARS:
        return None
    for rule in TITLE_RULES:
        if rule.pattern.search(flat):
            return rule.part
    return None


def _name_part(name: str) -> str | None:
    stem = PurePosixPath(name).stem
    for part, pattern in NAME_RULES:
        if pattern.search(stem):
            return part
    return None


def split_parts(document: Document) -> list[PartSpan]:
    """Cut a document into part spans at each part title; untitled → by file name."""
    starts: list[tuple[int, str, str]] = []
    for i, item in enumerate(document.content):
        if not isinstance(item, Block):
            continue
        part = _title_part(item)
        if part and (not starts or starts[-1][1] != part):
            starts.append((i, part, item.text.strip()))
    if not starts:
        part = _name_part(document.file)
        return [PartSpan(part=part, start=0, end=len(document.content))] if part else []
    if starts[0][0] > 0 and any(compact(b.text) for b in document.content[: starts[0][0]]
                                if isinstance(b, Block)):
        # text before the first title (a cover line) belongs to the first part
        starts[0] = (0, starts[0][1], starts[0][2])
    spans = []
    for n, (start, part, title) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(document.content)
        spans.append(PartSpan(part=part, start=start, end=end, title=title))
    return spans


def classify_document(source: SourceFile, document: Document) -> ClassifiedDocument:
    return ClassifiedDocument(source=source, document=document, parts=split_parts(document))


def detect_scheme(documents: list[ClassifiedDocument]) -> str | None:
    votes: Counter[str] = Counter()
    for doc in documents:
        for span in doc.parts:
            scheme = SCHEME_OF_PART.get(span.part)
            if scheme:
                votes[scheme] += 1
    if not votes:
        text = "".join(d.document.plain_text()[:5000] for d in documents)
        votes["A"] = text.count("质量信用")
        votes["B"] = text.count("用户满意等级评价") + text.count("用户满意经营")
    ranked = votes.most_common()
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


_LEVEL_B = re.compile(r"(五星|四星|三星)")
_CATEGORY_B = re.compile(r"(服务类|产品类|工程类)[:：]")


def _b_category_level(text: str) -> tuple[str | None, str | None]:
    """From the 申请类别与等级 cell: "服务类：☑用户满意标杆（五星）级□…产品类：□…"."""
    chunks = _CATEGORY_B.split(compact(text))
    found: list[tuple[str, str]] = []
    for i in range(1, len(chunks) - 1, 2):
        category = "交通工程类" if chunks[i] == "工程类" else chunks[i]
        for label in forms.ticked(chunks[i + 1]):
            m = _LEVEL_B.search(label)
            if m:
                found.append((category, m.group(1)))
    if len(found) == 1:
        return found[0]
    return None, None


def _a_level(text: str) -> str | None:
    """申请类别 "□AAA级 □AAA级": the form's second box is a typo for AA (REQUIREMENTS)."""
    options = forms.tick_options(text)
    chosen = [(i, o) for i, o in enumerate(options) if o.ticked]
    if len(chosen) != 1:
        return None
    index, option = chosen[0]
    label = compact(option.label)
    if label.startswith("AAA"):
        return "AAA" if index == 0 else "AA"
    if label.startswith("AA"):
        return "AA"
    return None


def classify_packet(packet: Packet) -> Packet:
    packet.scheme = detect_scheme(packet.documents)  # type: ignore[assignment]
    if packet.scheme == "A":
        apps = packet.documents_with("申请书")
        tables = [t for d in apps for t in d.document.tables()]
        name = forms.label_value(tables, "单位名称")
        packet.applicant = forms.strip_instructions(name.value) or None if name else None
        kind = forms.label_value(tables, "申请类别")
        packet.level = _a_level(kind.value) if kind else None
    elif packet.scheme == "B":
        apps = packet.documents_with("申请表")
        tables = [t for d in apps for t in d.document.tables()]
        name = forms.label_value(tables, "企业名称")
        packet.applicant = forms.strip_instructions(name.value) or None if name else None
        project = forms.label_value(tables, "申报项目名称")
        packet.project_name = forms.strip_instructions(project.value) or None if project else None
        choice = forms.label_value(tables, "申请类别与等级")
        if choice:
            packet.category, packet.level = _b_category_level(choice.value)
    if packet.applicant is None:
        packet.applicant = _applicant_from_cover(packet)
    return packet


_COVER_NAME = re.compile(r"^(?:组织名称|企业名称|单位名称)[（(][^）)]*[)）]?[：:]\s*(.+)$")


def _applicant_from_cover(packet: Packet) -> str | None:
    for doc in packet.documents:
        for block in doc.document.blocks()[:60]:
            m = _COVER_NAME.match(block.text.strip())
            if m and (name := forms.strip_instructions(m.group(1))):
                return name
    return None
