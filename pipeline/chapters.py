"""Report outlines: find the template's headings in order and cut chapters between them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from pipeline.model import Block, ContentItem, Document, Table
from pipeline.textnorm import heading_core
from pipeline.wordcount import word_count

MAX_HEADING_CHARS = 40


@dataclass(frozen=True)
class HeadingSpec:
    title: str
    level: int
    children: tuple[HeadingSpec, ...] = ()
    aliases: tuple[str, ...] = ()

    def flatten(self) -> list[HeadingSpec]:
        out = [self]
        for child in self.children:
            out.extend(child.flatten())
        return out


@dataclass
class HeadingMatch:
    spec: HeadingSpec
    index: int | None  # index into the part's items; None when missing
    block: Block | None = None


@dataclass
class Chapter:
    spec: HeadingSpec
    heading: Block
    items: list[ContentItem] = field(default_factory=list)

    def words(self, document: Document | None = None) -> int:
        return count_words(self.items, document)


def count_words(items: list[ContentItem], document: Document | None = None) -> int:
    """字数 of blocks and table cells as Word's statistic counts them: each paragraph and
    cell on its own; text boxes, and the footnotes and endnotes referenced from these
    items, included unless the document sets doNotIncludeSubdocsInStats (then neither)."""
    include_subdocs = document.stats_include_notes if document is not None else True
    notes = document.notes_by_id() if document is not None and include_subdocs else {}
    total = 0
    for item in items:
        if isinstance(item, Table):
            total += sum(word_count(line) for cell in item.cells for line in cell.text.split("\n"))
            continue
        if item.location.container == "textbox" and not include_subdocs:
            continue
        total += word_count(item.text)
        for ref in item.note_refs:
            total += sum(word_count(n.text) for n in notes.get(ref, []))
    return total


def _heading_matches(block: Block, spec: HeadingSpec) -> bool:
    core = heading_core(block.text)
    if not core or len(core) > MAX_HEADING_CHARS or core.endswith(("。", "；")):
        return False
    for title in (spec.title, *spec.aliases):
        want = heading_core(title)
        if core == want or (core.startswith(want) and len(core) - len(want) <= 6):
            return True
        if len(want) >= 6 and difflib.SequenceMatcher(None, core, want).ratio() >= 0.85:
            return True
    return False


def match_outline(items: list[ContentItem], specs: list[HeadingSpec],
                  start: int = 0) -> list[HeadingMatch]:
    """Match flattened `specs` against `items` in order; a missing spec does not advance."""
    matches: list[HeadingMatch] = []
    pos = start
    for spec in specs:
        found = None
        for i in range(pos, len(items)):
            item = items[i]
            if isinstance(item, Block) and _heading_matches(item, spec):
                found = i
                break
        if found is None:
            matches.append(HeadingMatch(spec, None))
        else:
            matches.append(HeadingMatch(spec, found, items[found]))  # type: ignore[arg-type]
            pos = found + 1
    return matches


def find_anywhere(items: list[ContentItem], spec: HeadingSpec) -> int | None:
    for i, item in enumerate(items):
        if isinstance(item, Block) and _heading_matches(item, spec):
            return i
    return None


def cut_chapters(items: list[ContentItem], found: list[HeadingMatch]) -> list[Chapter]:
    """Chapters run from each found heading to the next found one (document order)."""
    present = sorted((m for m in found if m.index is not None), key=lambda m: m.index or 0)
    chapters: list[Chapter] = []
    for n, match in enumerate(present):
        assert match.index is not None and match.block is not None
        end = present[n + 1].index if n + 1 < len(present) else len(items)
        chapters.append(Chapter(match.spec, match.block, list(items[match.index + 1 : end])))
    return chapters


def chapters_anywhere(items: list[ContentItem], specs: list[HeadingSpec] | tuple[HeadingSpec, ...]
                      ) -> list[Chapter]:
    """Chapters for headings found anywhere (in any order), cut in document order."""
    found = []
    for spec in specs:
        index = find_anywhere(items, spec)
        block = items[index] if index is not None else None
        found.append(HeadingMatch(spec, index, block if isinstance(block, Block) else None))
    return cut_chapters(items, found)
