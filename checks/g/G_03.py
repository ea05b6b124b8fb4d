from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from checks.evidence import evidence_section_start
from checks.form_access import record
from checks.identity import Stated, contact_statements, legal_rep_statements, uscc_statements
from checks.registry import Context, Finding, rule
from pipeline.core.model import Block, Packet
from pipeline.core.parse import normalise_company
from pipeline.core.textnorm import is_cjk
from pipeline.forms.edition import edition_of
from pipeline.forms.records import Record
from pipeline.forms.volume import page_sections

# "组织名称（加盖公章）：X", "承诺企业（盖章）：X", "单位名称：（盖章）X", "企业名称:（加盖公章或财务章）X"
SIGNED_NAME = re.compile(
    r"^(?:承诺)?(?:组织名称|企业名称|单位名称|承诺企业|承诺组织名称)\s*"
    r"(?:[（(][^）)]*[)）])?\s*[：:]\s*(?:[（(][^）)]*[)）])?\s*(?P<name>[^\s（(].*)$")


def _where(rec: Record, name: str) -> str:
    """Where a form states the name: 申请书“单位名称”（表1 第2行）."""
    return f"{rec.title}“{rec.fields[name].label}”（{rec.fields[name].location}）"


def _occurrences(packet: Packet) -> list[tuple[str, str]]:
    """(name as written, where) for every place the applicant's name is written."""
    found: list[tuple[str, str]] = []
    if packet.scheme == "A":
        app = record(packet, "申请书", "application_a")
        if app and app.fields["name"].filled:
            found.append((app.fields["name"].value, _where(app, "name")))
        org = record(packet, "推荐材料", "organization")
        if org and org.fields["name"].filled:
            found.append((org.fields["name"].value, _where(org, "name")))
    elif packet.scheme == "B":
        app = record(packet, "申请表", "application_b")
        if app and app.fields["name"].filled:
            found.append((app.fields["name"].value, _where(app, "name")))
    for doc in packet.documents:
        if doc.document.kind != "docx":
            continue
        for block in doc.document.content:
            if (isinstance(block, Block) and (m := SIGNED_NAME.match(block.text.strip()))
                    and (name := edition_of(packet).strip_instructions(m["name"]))):
                found.append((name, f"{doc.source.name} {block.location.describe()}"))
        if packet.scheme == "A":
            stem = PurePosixPath(doc.source.name).stem
            if (m := edition_of(packet).a_file_name.match(stem)) and m["name"]:
                found.append((m["name"].strip(), f"文件名“{PurePosixPath(doc.source.name).name}”"))
    return found


@rule("G-03", name="企业名称前后一致", severity="error", schemes="AB",
      clause="所有电子文件请以“市场质量信用等级：企业名称”命名；申请书、承诺书、推荐材料封面的"
             "组织名称（加盖公章）")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the company name is written the same way everywhere yushen reads it:
    申请书 单位名称 / 申请表 企业名称, 组织信息 组织名称, the "组织名称（加盖公章）：…",
    "承诺企业（盖章）：…" and "单位名称：（盖章）…" lines of covers and pledges, and (scheme A)
    the name in each file name. Full/half-width characters and （）/() are folded; 有限公司
    versus 有限责任公司 is a difference. One finding lists every variant with where it
    appears. The same holds for the 统一社会信用代码 (组织信息 or 申请表, and the 营业执照 copy
    when OCR reads a valid code there), the 法定代表人 (申请书, 组织信息, 营业执照) and, when the
    申请书's 经办人 is the 企业信息表's 联系人, that person's 手机 and 电子信箱 (a warning). A
    variant read only off the scanned licence makes the finding a warning. The text round
    each seal on the applicant's own forms (申请书, 承诺书, 推荐材料, 申请表, the pledges;
    not certificates or third-party reports, which carry other bodies' seals) is read by
    unwrapping the ring and compared with the applicant's name, allowing for OCR errors: a clearly read ring naming another organisation is an error; a ring that
    cannot be read reliably is a notice for the reviewer, never an error.
    When unsure: folds width, brackets and blanks and strips the forms' instruction texts
    before comparing; a variant read only by OCR is a warning, an unreadable seal ring a
    请人工核对 notice, never an error.
    Why: a packet must belong to one legal entity.
    Failing example: 申请书 "华通交通运输集团有限公司", 组织信息 "华通交通运输集团有限责任公司".
    Passing example: the same name everywhere.
    Config: none.
    """
    variants: dict[str, list[str]] = {}
    spelled: dict[str, str] = {}
    for name, where in _occurrences(packet):
        key = normalise_company(name)
        variants.setdefault(key, []).append(where)
        spelled.setdefault(key, name)
    if len(variants) > 1:
        yield Finding(f"企业名称前后不一致，共出现 {len(variants)} 种写法。",
                      evidence=_variant_lines({spelled[k]: w for k, w in variants.items()}))
    if variants:
        main = max(variants, key=lambda k: len(variants[k]))
        yield from _seal_findings(packet, spelled[main])
    yield from _disagreements("统一社会信用代码", uscc_statements(packet))
    yield from _disagreements("法定代表人", legal_rep_statements(packet))
    for label, stated in contact_statements(packet).items():
        yield from _disagreements(f"联系人{label}", stated, severity="warning")


def _disagreements(what: str, stated: list[Stated], severity: str = "error"
                   ) -> Iterator[Finding]:
    """One finding listing every variant of `what` with where it is written. A variant seen
    only on a scanned licence makes the finding a warning (OCR may have misread it)."""
    variants: dict[str, list[Stated]] = {}
    for s in stated:
        variants.setdefault(s.value, []).append(s)
    if len(variants) < 2:
        return
    only_ocr = any(all(s.from_ocr for s in group) for group in variants.values())
    yield Finding(f"{what}前后不一致，共出现 {len(variants)} 种写法"
                  + ("（其中一种来自营业执照扫描件的识别结果，请核对）" if only_ocr else "") + "。",
                  severity="warning" if only_ocr else severity,  # type: ignore[arg-type]
                  evidence=_variant_lines({v: [s.where for s in g] for v, g in variants.items()}))


def _variant_lines(variants: dict[str, list[str]]) -> str:
    """One line per variant, the most frequent first, with up to three places it is written."""
    return "\n".join(f"“{value}”：{'；'.join(places[:3])}{'等' if len(places) > 3 else ''}"
                     for value, places in sorted(variants.items(), key=lambda kv: -len(kv[1])))


SAME_SEAL = 0.6  # share of the applicant's name found in the ring reading: the same body
OTHER_SEAL = 0.3  # below this, with a confident reading, the seal is another body's
READABLE_CHARS = 6  # a reading this long (CJK characters) ...
READABLE_CONFIDENCE = 60.0  # ... and this confident counts as read


def _cjk(text: str) -> str:
    return "".join(ch for ch in text if is_cjk(ch))


# Words that many organisations' names and seals carry: they say nothing of whose seal it
# is ("远航港口物流股份有限公司" and "华通交通运输集团有限公司" share 有限公司, a third of the
# shorter name), so names are compared without them.
GENERIC_WORDS = re.compile(r"股份有限公司|有限责任公司|有限公司|分公司|集团|公司"
                           r"|(?:合同|财务|发票|业务|行政)?专用章|公章")


def _distinctive(text: str) -> str:
    return GENERIC_WORDS.sub("", _cjk(text))


def name_coverage(name: str, reading: str) -> float:
    """Share of the name's own characters (GENERIC_WORDS left out) that the reading holds
    in order (OCR drops and swaps characters; a ring may add words such as 合同专用章)."""
    want, got = _distinctive(name), _distinctive(reading)
    if len(want) < 2:  # a name that is all generic words: compare it whole
        want, got = _cjk(name), _cjk(reading)
    if not want or not got:
        return 0.0
    blocks = difflib.SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(want)


def _seal_findings(packet: Packet, applicant: str) -> Iterator[Finding]:
    own_parts = set(edition_of(packet).word_parts.get(packet.scheme or "", []))
    unclear: list[str] = []
    for doc in packet.documents:
        if not own_parts & set(doc.part_names):
            continue
        # a bound volume's 证实性材料 holds copies of licences and certificates: other seals
        evidence_pages = {page for page, name in
                          page_sections(doc.document, edition_of(packet).volumes[packet.scheme or "A"]).items()
                          if name == "证实性材料"} if doc.document.pages else set()
        # and so does a Word file's 证实性材料 section (pictures of the same copies)
        evidence_from = evidence_section_start(doc)
        for seal in doc.document.seals:
            if seal.location.page in evidence_pages or (
                    evidence_from is not None and seal.location.paragraph is not None
                    and seal.location.paragraph >= evidence_from):
                continue
            reading = seal.ring_text or ""
            coverage = name_coverage(applicant, reading)
            if coverage >= SAME_SEAL:
                continue
            where = f"{doc.source.name} {seal.location.describe()}"
            confident = (len(_cjk(reading)) >= READABLE_CHARS
                         and (seal.ring_confidence or 0) >= READABLE_CONFIDENCE)
            if confident and coverage < OTHER_SEAL:
                yield Finding(f"印章文字与申请单位名称不一致：识别为“{reading}”，申请单位为“{applicant}”"
                              "（可能加盖了其他单位的印章）。", location=seal.location,
                              confidence=min(0.95, (seal.ring_confidence or 0) / 100),
                              evidence=f"{where}：印章环形文字“{reading}”（识别置信度 "
                                       f"{seal.ring_confidence:.0f}），与申请单位名称相符 {coverage:.0%}")
            else:
                unclear.append(f"{where}：{('识别为“' + reading + '”') if reading else '未能识别'}")
    if unclear:
        yield Finding(f"有 {len(unclear)} 枚印章的文字未能可靠识别，请人工核对是否为“{applicant}”的印章。",
                      review=True, confidence=0.3, evidence="\n".join(unclear[:10]))
