"""The sections of a bound volume (装订成册) and the page numbers printed on its pages.

An applicant may send the whole printed 推荐材料 (A) or the whole 申请材料 (B) as one PDF
or scan. Its sections are found by their titles, each page belongs to the last section
begun on or before it, and the number printed in a page's footer is read so binding order
(A-REC-02, B-PKT-01) and page numbering (A-REC-03) can be checked. Word files give the
same sections in paragraph order (they have no pages until rendered).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.core.model import Block, Document
from pipeline.core.textnorm import compact, has_numbering
from pipeline.forms.edition import Volume

MAX_TITLE_CHARS = 40
_TOC_TITLE = re.compile(r"^目[录次]$")


@dataclass(frozen=True)
class VolumeSection:
    name: str
    index: int  # into Document.content
    block: Block

    @property
    def page(self) -> int | None:
        return self.block.location.page

    def where(self) -> str:
        return f"第{self.page}页" if self.page else (self.block.location.describe() or "")


def _title(block: Block, volume: Volume) -> str | None:
    if block.location.container in ("header", "footer"):
        return None
    text = block.text.strip()
    flat = compact(text)
    if not flat or len(flat) > MAX_TITLE_CHARS or has_numbering(text):
        return None
    return next((s.name for s in volume.sections if s.regex.search(flat)), None)


def volume_sections(document: Document, volume: Volume) -> list[VolumeSection]:
    """Each section where it begins (a section running on over several titles, such as
    the 证实性材料 with one title per certificate, is listed once)."""
    from pipeline.forms.chapters import toc_indices

    found: list[VolumeSection] = []
    # a 目录 lists the titles: its entries are no titles, whether typed with page numbers
    # or not; on a page, every line under the 目录 title is an entry
    entries = toc_indices(document.content)
    toc_page: int | None = None
    for i, item in enumerate(document.content):
        if not isinstance(item, Block) or i in entries:
            continue
        if toc_page is not None and item.location.page == toc_page:
            continue
        name = _title(item, volume)
        if _TOC_TITLE.match(compact(item.text)) and item.location.page is not None:
            toc_page = item.location.page
        if name and (not found or found[-1].name != name):
            found.append(VolumeSection(name=name, index=i, block=item))
    return found


def page_sections(document: Document, volume: Volume) -> dict[int, str]:
    """Page → the section it belongs to (pages before the first title are left out)."""
    starts = [(s.page, s.name) for s in volume_sections(document, volume) if s.page]
    out: dict[int, str] = {}
    if not starts or not document.pages:
        return out
    current: str | None = None
    for page in range(1, document.pages + 1):
        for start_page, name in starts:
            if start_page == page:
                current = name
        if current:
            out[page] = current
    return out


def out_of_order(sections: list[VolumeSection], order: list[str]) -> list[VolumeSection]:
    """The sections that break `order`: the fewest whose removal leaves the rest in order
    (the complement of a longest non-decreasing subsequence). Unknown names are ignored."""
    known = [s for s in sections if s.name in order]
    ranks = [order.index(s.name) for s in known]
    n = len(ranks)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if ranks[j] <= ranks[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    keep: set[int] = set()
    i = max(range(n), key=lambda k: best[k]) if n else -1
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return [s for k, s in enumerate(known) if k not in keep]


# What a footer shows as the page number: "3", "- 3 -", "— 3 —", "第3页", "第 3 页 共 20 页",
# "3/20", "Page 3".
_PAGE_NUMBER = [
    re.compile(r"^[-—–－~·\s]*(\d{1,4})[-—–－~·\s]*$"),
    re.compile(r"^第\s*(\d{1,4})\s*页"),
    re.compile(r"^(\d{1,4})\s*/\s*\d{1,4}$"),
    re.compile(r"^page\s*(\d{1,4})", re.IGNORECASE),
]


@dataclass(frozen=True)
class PrintedNumber:
    page: int  # physical page (1-based)
    value: int  # the number printed on it
    block: Block


def printed_page_numbers(document: Document) -> dict[int, PrintedNumber]:
    """Physical page → the number printed in its footer (or, failing that, header)."""
    out: dict[int, PrintedNumber] = {}
    for container in ("footer", "header"):
        for block in document.blocks():
            page = block.location.page
            if block.location.container != container or page is None or page in out:
                continue
            text = block.text.strip()
            for pattern in _PAGE_NUMBER:
                m = pattern.search(text)
                if m:
                    out[page] = PrintedNumber(page=page, value=int(m.group(1)), block=block)
                    break
    return out


@dataclass(frozen=True)
class NumberingProblem:
    page: int  # physical page where the problem shows
    message: str
    block: Block | None


def numbering_problems(numbers: dict[int, PrintedNumber], first_page: int, last_page: int
                       ) -> list[NumberingProblem]:
    """Printed numbers on physical pages first_page..last_page must run 1, 2, 3 … with
    no gap and no repeat; pages without a printed number are passed over (a copied
    certificate often has none), but the count still advances across them."""
    shown = [numbers[p] for p in range(first_page, last_page + 1) if p in numbers]
    if not shown:
        return [NumberingProblem(page=first_page, message="正文各页均未见页码", block=None)]
    problems: list[NumberingProblem] = []
    start = shown[0]
    expected_first = start.page - first_page + 1
    if start.value != expected_first:
        problems.append(NumberingProblem(
            page=start.page, block=start.block,
            message=f"目录后正文页码未从“1”开始：第{start.page}页（正文第{expected_first}页）"
                    f"印有页码 {start.value}"))
    for before, after in zip(shown, shown[1:], strict=False):
        step = after.page - before.page
        if after.value == before.value:
            problems.append(NumberingProblem(
                page=after.page, block=after.block,
                message=f"页码重复：第{before.page}页与第{after.page}页都印有页码 {after.value}"))
        elif after.value - before.value != step:
            kind = "跳号（可能缺页）" if after.value - before.value > step else "倒序或回退"
            problems.append(NumberingProblem(
                page=after.page, block=after.block,
                message=f"页码{kind}：第{before.page}页印 {before.value}，第{after.page}页印 "
                        f"{after.value}，应为 {before.value + step}"))
    return problems
