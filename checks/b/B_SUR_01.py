from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePosixPath

from checks.registry import Context, Finding, rule
from pipeline.core import parse
from pipeline.core.model import ClassifiedDocument, Packet, Table
from pipeline.core.parse import zh_month
from pipeline.core.textnorm import compact
from pipeline.forms.edition import edition_of

REPORT = re.compile(r"测量报告|测评报告|满意度.*(?:调查|调研|评价)报告")
RESPONDENT_LIST = re.compile(r"被访者|受访者|访问名单|样本名单")
ITEMS: list[tuple[str, re.Pattern[str]]] = [
    ("测量方案", re.compile(r"测量方案")), ("调查问卷", re.compile(r"调查问卷|问卷")),
    ("实施方案", re.compile(r"实施方案")), ("数据库", re.compile(r"数据库|数据集|原始数据")),
    ("第三方测量报告", REPORT),
    ("测量机构资质证书复印件", re.compile(r"资质")),
    ("被访者名单", RESPONDENT_LIST),
]
# "有效样本120份", "有效样本量为 120 个", "回收有效问卷120份", "样本量：120", "共调查120名用户"
_N = r"\d+(?:,\d{3})*(?![\d,.年月])"
_SAMPLE = re.compile(
    rf"(?P<valid>有效)?(?:样本(?:量|数|总量|数量)?\s*(?:为|共|达|是|：|:)?\s*(?P<n>{_N})"
    rf"|(?:问卷|答卷)\s*(?:为|共|达)?\s*(?P<q>{_N})\s*份)")
_SAMPLE_BEFORE = re.compile(rf"(?:调查|访问|访谈|走访)了?\s*(?P<n>{_N})\s*(?:名|位|个)(?:用户|顾客|乘客|旅客|客户|被访者)")


def _survey_docs(packet: Packet) -> list[ClassifiedDocument]:
    return [d for d in packet.documents
            if {"第三方测量材料", "第三方测评报告"} & set(d.part_names)]


def _names(doc: ClassifiedDocument) -> str:
    return compact(PurePosixPath(doc.source.name).stem) + "".join(
        compact(s.title or "") for s in doc.parts)


def sample_size(text: str) -> tuple[int | None, list[str]]:
    """The survey's sample size as the measurement report states it, and every statement
    seen. A stated 有效 size wins; several different sizes without one is unknown (None)."""
    valid: set[int] = set()
    other: set[int] = set()
    said: list[str] = []
    for match in [*_SAMPLE.finditer(text), *_SAMPLE_BEFORE.finditer(text)]:
        number = int((match["n"] or match.groupdict().get("q") or "0").replace(",", ""))
        if number < 1 or 1900 <= number <= 2100:  # a year is not a sample size
            continue
        (valid if match.groupdict().get("valid") else other).add(number)
        said.append(match.group(0).strip())
    sizes = valid or other
    return (next(iter(sizes)) if len(sizes) == 1 else None), said


# column heads as lists are written: 姓名 / 被访者姓名 / 受访者姓名; 联系方式 / 联系电话 /
# 手机号码 / 电话号码 / 手机号
_NAME_HEAD = re.compile(r"^(?:被访者|受访者|客户|用户)?姓名$")
_PHONE_HEAD = re.compile(r"^(?:联系方式|联系电话|联系号码|电话|电话号码|手机|手机号|手机号码)(?:\(.*\))?$")


def _respondents(table: Table) -> list[tuple[str, str, str]]:
    """(name, contact, where) of each row under a header naming 姓名 and a phone column."""
    grid = table.grid()
    for r, row in enumerate(grid):
        heads = [compact(c.text) if c else "" for c in row]
        name_col = next((i for i, h in enumerate(heads) if _NAME_HEAD.match(h)), None)
        phone_col = next((i for i, h in enumerate(heads) if _PHONE_HEAD.match(h)), None)
        if name_col is not None and phone_col is not None:
            out = []
            for body in grid[r + 1 :]:
                name = body[name_col].text.strip() if name_col < len(body) and body[name_col] else ""
                phone = body[phone_col].text.strip() if phone_col < len(body) and body[phone_col] else ""
                if name or phone:
                    where = body[name_col].location.describe() if body[name_col] else ""
                    out.append((name, phone, where))
            return out
    return []


@rule("B-SUR-01", name="第三方测量材料", severity="error", schemes="B", part="第三方测量材料",
      clause="材料包括：测量方案、调查问卷、实施方案、数据库、第三方测量报告（附第三方测量机构资质证书"
             "复印件）、被访者名单（至少含姓名、联系方式；不超过50人提供所有相关信息，超过50人提供50至100人）；"
             "第三方用户满意度测量开展调查的时间在2025年10月之后")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the third-party measurement material holds each of its items, found by
    file name or title: 测量方案, 调查问卷, 实施方案, 数据库, 第三方测量报告, 测量机构资质证书,
    被访者名单. The 被访者名单 (Word table or Excel sheet with 姓名 and 联系方式 columns) lists
    at most 100 people, each with a name and a valid phone number, no number twice. The
    measurement report names a date on or after the edition's survey start (2026: 2025-10-01). When the report states one
    sample size ("有效样本120份"), the list holds at least 50 people (sample over 50) or
    everyone (50 or fewer); with no size or several different ones it says nothing.
    When unsure: items are found by file, folder or title; the respondent list is compared
    with a sample size only when the report states exactly one.
    Why: 填报说明 三.
    Failing example: no 调查问卷; a report dated 2025年6月.
    Passing example: all seven items, 60 respondents, survey in November 2025.
    Config: none. A packet with no measurement material at all is G-07's.
    """
    docs = _survey_docs(packet)
    if not docs:
        return
    for item, pattern in ITEMS:
        if not any(pattern.search(_names(d)) for d in docs):
            yield Finding(f"第三方测量材料缺少“{item}”。", evidence="按文件名和文件标题查找")
    reports = [d for d in docs
               if REPORT.search(_names(d)) and d.document.kind != "xlsx"]
    sample, stated = sample_size("\n".join(d.document.plain_text() for d in reports))
    for doc in docs:
        if not RESPONDENT_LIST.search(_names(doc)):
            continue
        people = [p for t in doc.document.tables() for p in _respondents(t)]
        if not people:
            yield Finding("被访者名单中未读到“姓名”“联系方式”两列。", file=doc.source.name)
            continue
        if len(people) > 100:
            yield Finding(f"被访者名单列出 {len(people)} 人，超过 100 人的上限（超过50人时提供50至100人）。",
                          file=doc.source.name)
        elif sample is not None and len(people) < min(sample, 50):
            yield Finding(f"第三方测量报告的样本量为 {sample}，被访者名单只列出 {len(people)} 人"
                          + ("（超过50人时应提供50至100人）。" if sample > 50
                             else "（不超过50人时应提供所有被访者）。"),
                          file=doc.source.name, evidence="报告中：" + "；".join(stated[:3]))
        phones = Counter(p[1].replace("-", "").replace(" ", "") for p in people if p[1])
        bad = [p for p in people if not p[0] or not (parse.is_mobile(p[1]) or parse.is_landline(p[1]))]
        dup = [p for p in people if p[1] and phones[p[1].replace("-", "").replace(" ", "")] > 1]
        if bad:
            yield Finding(f"被访者名单有 {len(bad)} 人缺少姓名或联系方式无效。", file=doc.source.name,
                          location=bad[0][2], evidence="；".join(f"{n or '（无姓名）'} {c or '（无电话）'}"
                                                             for n, c, _ in bad[:5]))
        if dup:
            yield Finding(f"被访者名单有 {len(dup)} 人的联系方式重复。", severity="warning",
                          file=doc.source.name, evidence="；".join(f"{n} {c}" for n, c, _ in dup[:6]))
    for doc in docs:
        if not REPORT.search(_names(doc)) or doc.document.kind == "xlsx":
            continue
        known = parse.dates_in(doc.document.plain_text())
        if known and max(known) < (start := edition_of(packet).survey_start):
            yield Finding(f"第三方测量报告中的日期均早于{zh_month(start)}，测量须在{zh_month(start)}之后开展。",
                          file=doc.source.name,
                          evidence="报告中的日期：" + "、".join(sorted({d.isoformat() for d in known})[:5]))
