"""Shared helpers of the format rules: which paragraphs are body text, and a summary of
their format by share of characters ("正文 87% 为四号宋体；第12–15段为小四号楷体")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pipeline.core.fonts import canonical_font, size_name
from pipeline.core.model import Block, ContentItem
from pipeline.core.textnorm import compact

_HEADING_NUMBER = re.compile(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d))")
MIN_BODY_CHARS = 15
MAX_SHOWN = 4  # locations named in one finding


def is_heading(block: Block) -> bool:
    text = (block.label or "") + block.text.strip()
    flat = compact(block.text)
    return block.heading_level is not None or (
        bool(_HEADING_NUMBER.match(text)) and len(flat) <= 40 and not flat.endswith("。"))


def body_paragraphs(items: Iterable[ContentItem]) -> list[Block]:
    """Paragraphs of running text: not the title (the first line with text), not
    headings, not short labels, Word spans known."""
    blocks = [i for i in items if isinstance(i, Block) and compact(i.text)]
    return [b for b in blocks[1:] if b.spans and b.location.container in
            (None, "body", "textbox") and not is_heading(b)
            and len(compact(b.text)) >= MIN_BODY_CHARS]


def ranges(numbers: list[int]) -> str:
    """[12, 13, 14, 15, 20] → '第12–15段、第20段' (at most MAX_SHOWN ranges, then '等')."""
    if not numbers:
        return ""
    nums = sorted(set(numbers))
    groups: list[tuple[int, int]] = []
    start = prev = nums[0]
    for n in nums[1:]:
        if n != prev + 1:
            groups.append((start, prev))
            start = n
        prev = n
    groups.append((start, prev))
    shown = [f"第{a}段" if a == b else f"第{a}–{b}段" for a, b in groups[:MAX_SHOWN]]
    return "、".join(shown) + ("等" if len(groups) > MAX_SHOWN else "")


@dataclass
class Tally:
    """Characters per format label, and the paragraphs each label occurs in."""

    chars: dict[str, int] = field(default_factory=dict)
    paragraphs: dict[str, list[int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.chars.values())

    def add(self, label: str, n: int, paragraph: int | None) -> None:
        self.chars[label] = self.chars.get(label, 0) + n
        if paragraph is not None:
            self.paragraphs.setdefault(label, []).append(paragraph)

    def share(self, ok: Callable[[str], bool]) -> float:
        good = sum(n for label, n in self.chars.items() if ok(label))
        return good / self.total if self.total else 1.0

    def summary(self, what: str, ok: Callable[[str], bool]) -> str:
        """'正文 62% 为三号仿宋；第12–15段为小四号楷体（1234字）；…'."""
        ranked = sorted(self.chars.items(), key=lambda kv: -kv[1])
        parts = []
        good = [label for label, _ in ranked if ok(label)]
        if good:
            parts.append(f"{what} {self.share(ok):.0%} 为{'、'.join(good)}")
        else:
            parts.append(f"{what}没有符合要求的文字")
        for label, n in ranked:
            if ok(label):
                continue
            where = ranges(self.paragraphs.get(label, []))
            parts.append(f"{where or ''}为{label}（{n}字，占{n / self.total:.0%}）")
            if len(parts) > MAX_SHOWN:
                break
        return "；".join(parts)


def font_size_tally(blocks: list[Block]) -> Tally:
    """East Asian characters by '四号宋体'-style label (font from the eastAsia slot)."""
    tally = Tally()
    for block in blocks:
        for span in block.spans:
            n = len(span.text.replace(" ", "").replace("\t", ""))
            if span.slot != "eastAsia" or not n:
                continue
            tally.add(f"{size_name(span.size_pt)}{canonical_font(span.font)}", n,
                      block.location.paragraph)
    return tally


def paragraph_tally(blocks: list[Block], label: Callable[[Block], str]) -> Tally:
    """Characters of whole paragraphs by a paragraph-level label (spacing, indent …)."""
    tally = Tally()
    for block in blocks:
        tally.add(label(block), len(compact(block.text)), block.location.paragraph)
    return tally


def line_spacing_label(block: Block) -> str:
    style = block.style
    if style.line_rule in (None, "auto"):
        value = style.line_spacing or 1.0
        return {1.0: "单倍行距", 1.5: "1.5倍行距", 2.0: "2倍行距"}.get(round(value, 2),
                                                                  f"{value:g}倍行距")
    kind = "固定值" if style.line_rule == "exact" else "最小值"
    return f"{kind}{style.line_spacing:g}磅行距"


def first_line_chars(block: Block) -> float:
    """首行缩进 in characters: firstLineChars, else firstLine points / font size."""
    style = block.style
    if style.first_line_chars is not None:
        return style.first_line_chars
    if style.first_line_pt is not None and style.size_pt:
        return round(style.first_line_pt / style.size_pt, 1)
    return 0.0


def indent_label(block: Block) -> str:
    chars = first_line_chars(block)
    return "无首行缩进" if chars == 0 else f"首行缩进{chars:g}字符"


ALIGN_ZH = {"both": "两端对齐", "left": "左对齐", "start": "左对齐", "center": "居中",
            "right": "右对齐", "end": "右对齐", "distribute": "分散对齐", None: "左对齐"}


def alignment_label(block: Block) -> str:
    return ALIGN_ZH.get(block.style.alignment, block.style.alignment or "左对齐")
