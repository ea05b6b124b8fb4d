"""Where a part asks for a seal or a signature, and what the documents show there.

A label ("（盖章）", "加盖公章", "公章或财务章", "主要负责人签字") is found in the part's
paragraphs and table cells. A seal belongs to it when it sits on it or close by: on a page,
within one seal diameter of the label's line; in a Word file, a seal picture in the label's
cell or the rows next to it, or in the paragraphs from the one before the label to three
after it. A part is sealed when any of its copies (the Word file, a scan, a PDF) shows a
seal there; a seal elsewhere on the part's pages still counts (the label may be unreadable
under the seal) but is mentioned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from checks.registry import Finding
from pipeline.core.model import (
    Block,
    ClassifiedDocument,
    Location,
    Packet,
    SealMark,
    SignatureMark,
    Table,
)
from pipeline.core.textnorm import compact, within_edits

SEAL_LABEL = re.compile(r"[（(]\s*(?:加\s*)?盖\s*(?:公\s*)?章|加\s*盖\s*公\s*章|公章或财务章|[（(]\s*签\s*章\s*[)）]")
SIGN_LABEL = re.compile(r"签\s*字|签\s*名")


@dataclass(frozen=True)
class Label:
    text: str
    location: Location


@dataclass(frozen=True)
class SealAt:
    """One copy of a part: the seal label, and the seal that belongs to it (if any)."""

    doc: ClassifiedDocument
    label: Label | None
    seal: SealMark | None
    placed: bool  # the seal sits at the label (not only somewhere on the part's pages)


def labels(doc: ClassifiedDocument, part: str, pattern: re.Pattern[str],
           within: re.Pattern[str] | None = None) -> list[Label]:
    """Paragraphs and table cells of `part` whose text matches `pattern` (and `within`)."""
    found: list[Label] = []
    for item in doc.items_of(part):
        if isinstance(item, Block):
            pieces = [(item.text, item.location)]
        elif isinstance(item, Table):
            pieces = [(c.text, c.location) for c in item.cells]
        else:
            continue
        for text, location in pieces:
            if pattern.search(text) and (within is None or within.search(text)):
                found.append(Label(text.strip(), location))
    return found


def _part_pages(doc: ClassifiedDocument, part: str) -> set[int]:
    pages: set[int] = set()
    for item in doc.items_of(part):
        if item.location.page is not None:
            pages.add(item.location.page)
        if isinstance(item, Table):
            pages.update(c.location.page for c in item.cells if c.location.page is not None)
    if not pages and doc.document.pages and len(doc.part_names) == 1:
        pages = set(range(1, doc.document.pages + 1))  # a scan of this part alone
    return pages


def _part_span(doc: ClassifiedDocument, part: str) -> tuple[set[int], set[int]]:
    """Word: the body paragraph numbers and table numbers inside the part."""
    paragraphs: set[int] = set()
    tables: set[int] = set()
    for item in doc.items_of(part):
        if isinstance(item, Table):
            tables.add(item.index)
            # a table joined from two parts keeps the second part's own table number
            tables.update(c.location.table for c in item.cells if c.location.table is not None)
        elif item.location.paragraph is not None:
            paragraphs.add(item.location.paragraph)
    return paragraphs, tables


def _box_gap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    dx = max(a[0] - b[2], b[0] - a[2], 0.0)
    dy = max(a[1] - b[3], b[1] - a[3], 0.0)
    return (dx * dx + dy * dy) ** 0.5


def near(mark_location: Location, mark_box: tuple[float, float, float, float] | None,
         label: Location) -> bool:
    """Whether a mark (seal, signature picture) sits at a label."""
    if mark_location.page is not None or label.page is not None:
        if mark_location.page != label.page or mark_box is None or label.bbox is None:
            return False
        reach = max(mark_box[2] - mark_box[0], mark_box[3] - mark_box[1])
        return _box_gap(mark_box, label.bbox) <= reach
    if label.table is not None:
        return (mark_location.table == label.table and mark_location.row is not None
                and label.row is not None and abs(mark_location.row - label.row) <= 1)
    if label.paragraph is not None and mark_location.paragraph is not None:
        return -1 <= mark_location.paragraph - label.paragraph <= 3
    return False


def _inside_part(doc: ClassifiedDocument, part: str) -> Callable[[Location], bool]:
    """Whether a place (page; Word table or paragraph) lies in `part` of `doc`: the part's
    pages and spans are worked out once per copy, not once per mark."""
    pages = _part_pages(doc, part)
    paragraphs, tables = _part_span(doc, part)

    def inside(loc: Location) -> bool:
        if loc.page is not None:
            return loc.page in pages
        if loc.table is not None:
            return loc.table in tables
        return loc.paragraph in paragraphs

    return inside


def seals_at(packet: Packet, part: str, within: re.Pattern[str] | None = None) -> list[SealAt]:
    """For every copy of `part`: its seal labels (narrowed by `within`, e.g. the financial
    table's "公章或财务章") and the seal at each, else any seal on the part's pages."""
    out: list[SealAt] = []
    for doc in packet.documents_with(part):
        # a file holding this part alone: any seal in it is the part's
        alone, inside = doc.part_names == [part], _inside_part(doc, part)
        seals = [s for s in doc.document.seals if alone or inside(s.location)]
        found = labels(doc, part, SEAL_LABEL, within)
        for label in found:
            at = [s for s in seals if near(s.location, s.box if s.location.page else None,
                                           label.location)]
            best = max(at, key=_rank, default=None)
            out.append(SealAt(doc, label, best, best is not None))
        # no label read (a scan whose label lies under the seal), or nothing at it
        if (not found or not any(o.seal for o in out if o.doc is doc)) and seals and within is None:
            out.append(SealAt(doc, found[0] if found else None, max(seals, key=_rank), False))
    return out


def _rank(seal: SealMark) -> tuple[int, float]:
    return (seal.colour == "red", seal.confidence)


def best_seal(results: list[SealAt]) -> SealAt | None:
    """The copy that shows the part sealed best: red over grey, at the label over elsewhere."""
    sealed = [r for r in results if r.seal is not None]
    return max(sealed, key=lambda r: (r.seal.colour == "red", r.placed,  # type: ignore[union-attr]
                                      r.seal.confidence), default=None)  # type: ignore[union-attr]


def where(results: list[SealAt]) -> tuple[str | None, Location | None, str | None]:
    """(file, location, evidence) to show for a part that lacks its seal: the label."""
    labelled = [r for r in results if r.label is not None]
    if labelled:
        first = labelled[0]
        return None, first.label.location, first.label.text  # type: ignore[union-attr]
    return (results[0].doc.source.name if results else None), None, None


def signatures_at(packet: Packet, part: str) -> Iterator[tuple[ClassifiedDocument, SignatureMark]]:
    """The signature places the extractors found inside `part`, copy by copy."""
    for doc in packet.documents_with(part):
        inside = _inside_part(doc, part)
        for mark in doc.document.signatures:
            if inside(mark.location):
                yield doc, mark


def _doc_kind(doc: ClassifiedDocument) -> str:
    return "Word 文件" if doc.document.kind == "docx" else "扫描件" if doc.document.ocr_pages else "PDF"


def seal_findings(packet: Packet, part: str, title: str,
                  within: re.Pattern[str] | None = None, place: str = "盖章处"
                  ) -> Iterator[Finding]:
    """A missing seal (error) or one away from its label (notice) on every copy of `part`.
    `within` narrows the labels (the financial table's "公章或财务章"); `place` names them."""
    results = seals_at(packet, part, within)
    docs = packet.documents_with(part)
    if not docs:
        return  # G-07 reports a missing part
    if within is not None and not any(r.label for r in results):
        return  # the label itself is missing: the form rules report it
    best = best_seal(results)
    if best is None:
        file, location, evidence = where(results) if results else (docs[0].source.name, None, None)
        copies = "、".join(f"{d.source.name}（{_doc_kind(d)}）" for d in docs)
        yield Finding(f"{title}{place}未见公章：所提交的{copies}均没有印章。", file=file,
                      location=location, evidence=evidence, part=part)
    elif not best.placed and best.label is not None:
        assert best.seal is not None
        yield Finding(f"{title}的公章不在“{best.label.text[:30]}”处，请核对盖章位置。",
                      severity="notice", location=best.seal.location, part=part,
                      evidence=f"印章位置：{best.seal.location.describe()}")


def grey_seal_findings(packet: Packet, part: str, title: str) -> Iterator[Finding]:
    """A seal that is there but not red, on every copy (A-APP-04: 须加盖组织红色公章)."""
    best = best_seal(seals_at(packet, part))
    if best is not None and best.seal is not None and best.seal.colour != "red":
        yield Finding(f"{title}上的公章为黑白（复印或黑白扫描），须加盖组织红色公章。",
                      location=best.seal.location, part=part,
                      evidence=f"{best.doc.source.name} {best.seal.location.describe()}："
                               f"印章颜色 灰/黑，置信度 {best.seal.confidence:.2f}")


_KIND_RANK = {"handwritten": 3, "image": 3, "typed": 1, "empty": 0}


def _printed_copy(mark: SignatureMark, typed_names: list[str]) -> SignatureMark:
    """A scan's "handwritten" place that is the Word copy's typed name in print: its ink
    stays inside the printed line and OCR read the same name there, give or take a
    character in three (a photographed "孙力" reads "也力"). A signature is bigger than
    print and does not read as the typed name."""
    if mark.kind != "handwritten" or not mark.within_line or not mark.read:
        return mark
    read = compact(mark.read)
    for name in typed_names:
        want = compact(name)
        if len(want) >= 2 and within_edits(read, want, max(1, len(want) // 3)):
            return mark.model_copy(update={"kind": "typed", "text": name})
    return mark


def signature_findings(packet: Packet, part: str, title: str,
                       who: re.Pattern[str] = SIGN_LABEL) -> Iterator[Finding]:
    """The signature place of `part` on its best copy: empty (error), a typed name only
    (warning), handwritten or a signature picture (fine). `who` narrows the labels (by
    default the 签字 places: "法定代表人：" on a page is as often a form field)."""
    marks = [(d, m) for d, m in signatures_at(packet, part) if who.search(m.label)]
    if not marks:
        return  # no signature place read: the form rules report a missing line
    typed_names = [m.text for _, m in marks if m.kind == "typed" and m.text]
    marks = [(d, _printed_copy(m, typed_names)) for d, m in marks]
    doc, best = max(marks, key=lambda dm: _KIND_RANK[dm[1].kind])
    label = best.label.rstrip("：:")
    if best.kind == "empty":
        yield Finding(f"{title}“{label}”处未签字。", location=best.location, part=part,
                      evidence=f"{doc.source.name} {best.location.describe()}：{best.label}（空白）")
    elif best.kind == "typed":
        yield Finding(f"{title}“{label}”处只有打印的姓名“{best.text}”，未见本人签字；"
                      "请提供签字后的扫描件或签字图片。", severity="warning",
                      location=best.location, part=part,
                      evidence=f"{doc.source.name} {best.location.describe()}：{best.label}{best.text}")
