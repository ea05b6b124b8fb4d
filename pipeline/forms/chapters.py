"""Report outlines: find the template's headings in order and cut chapters between them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from pipeline.core.model import Block, ContentItem, Document, Table
from pipeline.core.textnorm import compact, heading_core
from pipeline.core.wordcount import word_count

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


_TOC_TITLE = re.compile(r"^(目录|contents|tableofcontents)$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(toc|目录)\s*\d", re.IGNORECASE)  # Word's "toc 1", WPS's "目录 1"
# an entry's page number after a tab or a leader of dots, dashes or blanks
_PAGE_AT_END = re.compile(r"(\t|[.·…．‥\-—_\s]{2,})\s*\d{1,3}\s*$")
TOC_MAX_ENTRIES = 80


def toc_indices(items: list[ContentItem]) -> set[int]:
    """The items of a 目录 (table of contents): they repeat the headings, so a heading
    is never taken from them. An entry is a paragraph in a TOC style, one ending in a page
    number after a tab or leader, or, under a "目录" title, every paragraph up to where the
    first entry's text comes again (a typed list of the headings without page numbers)."""
    out: set[int] = set()
    for i, item in enumerate(items):
        if not isinstance(item, Block):
            continue
        if _TOC_STYLE.match(item.style.style_name or "") or _PAGE_AT_END.search(item.text):
            out.add(i)
        elif _TOC_TITLE.match(compact(item.text)):
            out.update(_typed_entries(items, i))
    return out


def _typed_entries(items: list[ContentItem], title: int) -> range:
    first: str | None = None
    start = title + 1
    for j in range(start, min(len(items), start + TOC_MAX_ENTRIES)):
        item = items[j]
        if not isinstance(item, Block):
            return range(0)  # a table under 目录: not a list of headings
        core = heading_core(item.text)
        if not core:
            continue
        if first is None:
            first = core
        elif core == first:
            return range(start, j)
    return range(0)


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
    toc = toc_indices(items)
    for spec in specs:
        found = None
        for i in range(pos, len(items)):
            item = items[i]
            if i not in toc and isinstance(item, Block) and _heading_matches(item, spec):
                found = i
                break
        if found is None:
            matches.append(HeadingMatch(spec, None))
        else:
            matches.append(HeadingMatch(spec, found, items[found]))  # type: ignore[arg-type]
            pos = found + 1
    return matches


def find_anywhere(items: list[ContentItem], spec: HeadingSpec,
                  toc: set[int] | None = None) -> int | None:
    """The first heading matching `spec`; `toc` the items' 目录 entries when the caller
    has them already (several specs looked up in one document)."""
    toc = toc_indices(items) if toc is None else toc
    for i, item in enumerate(items):
        if i not in toc and isinstance(item, Block) and _heading_matches(item, spec):
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
    toc = toc_indices(items)
    for spec in specs:
        index = find_anywhere(items, spec, toc)
        block = items[index] if index is not None else None
        found.append(HeadingMatch(spec, index, block if isinstance(block, Block) else None))
    return cut_chapters(items, found)
