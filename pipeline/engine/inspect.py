"""`yushen inspect`: what yushen read from one file, for people checking its reading."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipeline.core.model import (
    Block,
    ClassifiedDocument,
    ContentItem,
    SealMark,
    SignatureMark,
    Table,
)
from pipeline.core.settings import Settings
from pipeline.core.textnorm import compact
from pipeline.engine.run import extract_documents
from pipeline.forms import fields
from pipeline.forms.chapters import count_words, cut_chapters, match_outline
from pipeline.forms.edition import Edition, load_edition
from pipeline.forms.outlines import a_report_outline, b_report_outline
from pipeline.forms.volume import page_sections, printed_page_numbers, volume_sections
from pipeline.intake.receive import intake

MAX_LABEL_CHARS = 20


def _chapters(items: list[ContentItem], part: str, document,
              edition: Edition) -> list[dict[str, Any]]:
    # one file says nothing of the B category: every template's names are accepted
    outline = list(a_report_outline(edition) if part == "工作报告"
                   else b_report_outline(edition, None))
    chapters = cut_chapters(items, match_outline(items, outline))
    return [{"title": c.heading.text.strip(), "template": c.spec.title,
             "location": c.heading.location.describe(), "words": c.words(document)} for c in chapters]


def _fields(table: Table) -> list[dict[str, Any]]:
    grid = table.grid()
    out = []
    for r, row in enumerate(grid):
        seen: list[int] = []
        for c, cell in enumerate(row):
            if cell is None or id(cell) in seen or cell.row != r or cell.col != c:
                continue
            seen.append(id(cell))
            label = compact(cell.text)
            if not label or len(label) > MAX_LABEL_CHARS or any(b in label for b in fields.BOXES):
                continue
            nxt = next((x for x in row[c + 1 :] if x is not None and x is not cell), None)
            if nxt is None or nxt.row != r and nxt.row_span == 1:
                continue
            out.append({"label": cell.text.strip(), "value": nxt.text.strip(),
                        "location": nxt.location.describe()})
    return out


def _tick_groups(items: list[ContentItem]) -> list[dict[str, Any]]:
    groups = []
    for item in items:
        texts = [(item.text, item.location)] if isinstance(item, Block) else \
            [(c.text, c.location) for c in item.cells]
        for text, loc in texts:
            options = fields.tick_options(text)
            if options:
                groups.append({"location": loc.describe(), "options": [
                    {"label": o.label, "ticked": o.ticked} for o in options]})
    return groups


def _volume(doc: ClassifiedDocument, edition: Edition) -> dict[str, Any]:
    """Sections of a bound volume found by title, page by page, and printed page numbers."""
    d = doc.document
    out: dict[str, Any] = {}
    for scheme, volume in edition.volumes.items():
        sections = volume_sections(d, volume)
        if len({s.name for s in sections}) >= 2:
            out[scheme] = {
                "sections": [{"name": s.name, "title": s.block.text.strip(),
                              "location": s.where()} for s in sections],
                "pages": {str(p): name for p, name in page_sections(d, volume).items()}}
    numbers = printed_page_numbers(d)
    if numbers:
        out["printed_page_numbers"] = {str(p): n.value for p, n in sorted(numbers.items())}
    return out


def describe(doc: ClassifiedDocument, edition: Edition) -> dict[str, Any]:
    d = doc.document
    parts = []
    for span in doc.parts:
        items = d.content[span.start : span.end]
        entry: dict[str, Any] = {"part": span.part, "title": span.title,
                                 "items": [span.start, span.end], "words": count_words(items, d)}
        if span.part in ("工作报告", "实践报告"):
            entry["chapters"] = _chapters(items, span.part, d, edition)
        parts.append(entry)
    headings = [{"text": b.text.strip(), "level": b.heading_level,
                 "location": b.location.describe()} for b in d.blocks()
                if b.heading_level or re.match(r"^[一二三四五六七八九十]+、", b.text.strip())]
    return {
        "file": doc.source.name, "sha256": doc.source.sha256, "kind": doc.source.kind,
        "converted_from": doc.source.converted_from, "pages": d.pages,
        "ocr_pages": d.ocr_pages, "skipped_pages": d.skipped_pages,
        "partial_pages": d.partial_pages,
        "page_routes": [r.model_dump() for r in d.page_routes],
        "scan_pages": [s.model_dump() for s in d.scan_pages],
        "volume": _volume(doc, edition),
        "paragraphs": len(d.blocks()), "tables": len(d.tables()),
        "images": [{"name": i.name, "location": i.location.describe()} for i in d.images],
        "words": count_words(d.content, d), "parts": parts, "headings": headings,
        "form_fields": [f for t in d.tables() for f in _fields(t)],
        "tick_groups": _tick_groups(d.content),
        "seals": [_seal(m) for m in d.seals],
        "signatures": [_signature(m) for m in d.signatures],
        "dates": [{"page": m.location.page, "location": m.location.describe(), "kind": m.kind,
                   "text": m.text, "box": list(m.box) if m.box else None, "unit": m.unit}
                  for m in d.dates],
    }


def _seal(mark: SealMark) -> dict[str, Any]:
    return {"page": mark.location.page, "location": mark.location.describe(),
            "box": list(mark.box), "unit": mark.unit, "shape": mark.shape,
            "colour": mark.colour, "confidence": mark.confidence, "picture": mark.picture,
            "ring_text": mark.ring_text or None, "ring_confidence": mark.ring_confidence}


def _signature(mark: SignatureMark) -> dict[str, Any]:
    return {"page": mark.location.page, "location": mark.location.describe(),
            "label": mark.label, "kind": mark.kind,
            "box": list(mark.box) if mark.box else None, "unit": mark.unit,
            "text": mark.text}


def inspect_file(path: Path, settings: Settings | None = None) -> dict[str, Any]:
    settings = settings or Settings()
    edition = load_edition(settings.forms_edition)
    intaken = intake(path, settings)
    documents, unreadable = extract_documents(intaken.sources, settings)
    return {
        "input": str(path),
        "files": [describe(d, edition) for d in documents],
        "problems": [p.model_dump() for p in [*intaken.findings, *unreadable]],
    }
