"""Classification: which parts a document holds, the packet's scheme, category and level."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath

from pipeline.core.model import Block, ClassifiedDocument, Document, Packet, PartSpan, SourceFile
from pipeline.core.textnorm import compact, has_numbering
from pipeline.forms import fields
from pipeline.forms.edition import Edition, edition_of, load_edition

# The parts, their titles and file-name keywords are the edition's (pipeline/forms/<name>/edition.toml).
MAX_TITLE_CHARS = 40


def _title_part(block: Block, edition: Edition) -> str | None:
    text = block.text.strip()
    if not text or has_numbering(text):
        return None
    flat = compact(text)
    if len(flat) > MAX_TITLE_CHARS:
        return None
    for rule in edition.title_rules:
        if rule.regex.search(flat):
            return rule.part
    return None


def _name_part(name: str, edition: Edition) -> str | None:
    stem = PurePosixPath(name).stem
    for rule in edition.name_rules:
        if rule.regex.search(stem):
            return rule.part
    return None


def split_parts(document: Document, edition: Edition | None = None) -> list[PartSpan]:
    """Cut a document into part spans at each part title; untitled → by file name."""
    edition = edition or load_edition()
    starts: list[tuple[int, str, str]] = []
    for i, item in enumerate(document.content):
        if not isinstance(item, Block):
            continue
        part = _title_part(item, edition)
        if part and (not starts or starts[-1][1] != part):
            starts.append((i, part, item.text.strip()))
    if not starts:
        part = _name_part(document.file, edition)
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


def classify_document(source: SourceFile, document: Document, edition: Edition
                      ) -> ClassifiedDocument:
    return ClassifiedDocument(source=source, document=document,
                              parts=split_parts(document, edition))


def detect_scheme(documents: list[ClassifiedDocument], edition: Edition) -> str | None:
    votes: Counter[str] = Counter()
    for doc in documents:
        for span in doc.parts:
            scheme = edition.scheme_of_part.get(span.part)
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
_CATEGORY_B = re.compile(r"(服务类|产品类|工程类)[:：]?")  # the colon is often left out


def _b_category_level(text: str) -> tuple[str | None, str | None]:
    """From the 申请类别与等级 cell: "服务类：☑用户满意标杆（五星）级□…产品类：□…"."""
    chunks = _CATEGORY_B.split(compact(text))
    found: list[tuple[str, str]] = []
    for i in range(1, len(chunks) - 1, 2):
        category = "交通工程类" if chunks[i] == "工程类" else chunks[i]
        for label in fields.ticked(chunks[i + 1]):
            m = _LEVEL_B.search(label)
            if m:
                found.append((category, m.group(1)))
    if len(found) == 1:
        return found[0]
    return None, None


def _a_level(text: str) -> str | None:
    """申请类别 "□AAA级 □AAA级": the form's second box is a typo for AA (REQUIREMENTS)."""
    options = fields.tick_options(text)
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
    edition = edition_of(packet)
    packet.scheme = detect_scheme(packet.documents, edition)  # type: ignore[assignment]
    forms = edition.records.forms
    if packet.scheme == "A":
        form = forms["application_a"]
        tables = [t for d in packet.documents_with(form.part) for t in d.document.tables()]
        name = fields.label_value(tables, form.fields["name"])
        packet.applicant = edition.strip_instructions(name.value) or None if name else None
        kind = fields.label_value(tables, form.ticks["level"])
        packet.level = _a_level(kind.value) if kind else None
    elif packet.scheme == "B":
        form = forms["application_b"]
        tables = [t for d in packet.documents_with(form.part) for t in d.document.tables()]
        name = fields.label_value(tables, form.fields["name"])
        packet.applicant = edition.strip_instructions(name.value) or None if name else None
        project = fields.label_value(tables, form.fields["project"])
        packet.project_name = edition.strip_instructions(project.value) or None if project else None
        choice = fields.label_value(tables, form.ticks["category_level"])
        if choice:
            packet.category, packet.level = _b_category_level(choice.value)
    if packet.applicant is None:
        packet.applicant = _applicant_from_cover(packet)
    return packet


_COVER_NAME = re.compile(r"^(?:组织名称|企业名称|单位名称)[（(][^）)]*[)）]?[：:]\s*(.+)$")


def _applicant_from_cover(packet: Packet) -> str | None:
    edition = edition_of(packet)
    for doc in packet.documents:
        for block in doc.document.blocks()[:60]:
            m = _COVER_NAME.match(block.text.strip())
            if m and (name := edition.strip_instructions(m.group(1))):
                return name
    return None
