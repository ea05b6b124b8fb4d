"""Where the packet states who the applicant is besides its name: the 统一社会信用代码,
the legal representative and the contact person's details, each with where it is written.
G-03 compares them across parts; the 营业执照 copy counts as a place (read by OCR, so only
a confident and valid reading is taken)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.form_access import record
from pipeline.core import parse
from pipeline.core.model import Block, Packet
from pipeline.core.textnorm import compact

USCC_IN_TEXT = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")
LEGAL_REP_IN_TEXT = re.compile(r"法定代表人\s*[：:]?\s*([\u4e00-\u9fff]{2,4})")
LICENCE_CONFIDENCE = 80.0  # an OCR line read at least this well is taken from the licence


@dataclass(frozen=True)
class Stated:
    value: str
    where: str
    from_ocr: bool = False  # read off a scanned licence: a misread is possible


def _licence_lines(packet: Packet) -> list[tuple[str, str]]:
    """(text, where) of the confidently read lines of every 营业执照 copy."""
    out: list[tuple[str, str]] = []
    for doc in packet.documents_with("营业执照"):
        for block in doc.document.content:
            if isinstance(block, Block) and (block.confidence is None
                                             or block.confidence >= LICENCE_CONFIDENCE):
                out.append((block.text, f"营业执照（{doc.source.name} {block.location.describe()}）"))
    return out


def uscc_statements(packet: Packet) -> list[Stated]:
    found: list[Stated] = []
    form, part, key = (("organization", "推荐材料", "组织信息") if packet.scheme == "A"
                       else ("application_b", "申请表", "申请表"))
    rec = record(packet, part, form)
    if rec and rec.fields["uscc"].filled:
        found.append(Stated(compact(rec.fields["uscc"].value).upper(),
                            f"{key}“统一社会信用代码”（{rec.fields['uscc'].location}）"))
    for text, where in _licence_lines(packet):
        for code in USCC_IN_TEXT.findall(compact(text).upper()):
            if parse.uscc_problem(code) is None:  # a misread code fails its check digit
                found.append(Stated(code, where, from_ocr=True))
    return found


def legal_rep_statements(packet: Packet) -> list[Stated]:
    found: list[Stated] = []
    if packet.scheme == "A":
        app = record(packet, "申请书", "application_a")
        if app and app.fields["legal_rep"].filled:
            found.append(Stated(compact(app.fields["legal_rep"].value),
                                f"申请书“法定代表人”（{app.fields['legal_rep'].location}）"))
        org = record(packet, "推荐材料", "organization")
        if org and org.fields["legal_rep"].filled:
            found.append(Stated(compact(org.fields["legal_rep"].value),
                                f"组织信息“法定代表人/负责人”（{org.fields['legal_rep'].location}）"))
    for text, where in _licence_lines(packet):
        if m := LEGAL_REP_IN_TEXT.search(compact(text)):
            found.append(Stated(m[1], where, from_ocr=True))
    return found


def contact_statements(packet: Packet) -> dict[str, list[Stated]]:
    """A: the 申请书's 经办人 and the 企业信息表's 联系人, when they are the same person:
    mobile and e-mail of each (a different person may well have other details)."""
    if packet.scheme != "A":
        return {}
    app = record(packet, "申请书", "application_a")
    info = record(packet, "推荐材料", "enterprise")
    if not app or not info:
        return {}
    person_a, person_b = app.fields["handler"], info.fields["contact"]
    if not (person_a.filled and person_b.filled) or compact(person_a.value) != compact(person_b.value):
        return {}
    out: dict[str, list[Stated]] = {}
    for label, a_key, b_key in (("手机", "mobile", "contact_phone"),
                                ("电子信箱", "email", "contact_email")):
        a, b = app.fields[a_key], info.fields[b_key]
        if a.filled and b.filled:
            out[label] = [Stated(compact(a.value).lower(), f"申请书“{a.label}”（{a.location}）"),
                          Stated(compact(b.value).lower(), f"企业信息表“{b.label}”（{b.location}）")]
    return out
