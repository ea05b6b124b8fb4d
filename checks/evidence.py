"""Where a piece of evidence (营业执照, 检测报告, 荣誉证书 …) is in a packet, however it
arrived: a file of its own (its name, or a folder or archive named for it), a part title, a
captioned picture inside any Word document (填报说明 五 binds the 证实性材料 into 推荐材料),
or a page of a PDF or scan whose title line names it. Every evidence rule asks here, so
they all accept the same placements (issue 18, class 2)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from pipeline.core.model import Block, ClassifiedDocument, Packet
from pipeline.core.textnorm import compact, strip_numbering

# A caption or title line: short once numbering and a "附件1：" / "图1" prefix are gone.
CAPTION_CHARS = 30
_PREFIX = re.compile(r"^(?:附件\s*\d*\s*[：:.、]?|附图\s*\d*|图\s*\d+(?:[-.]\d+)?\s*[：:.、]?)\s*")
CAPTION_REACH = 2  # paragraphs between a picture and its caption (before or after)


def _caption(text: str) -> str | None:
    """The core of a short caption or title line, or None for body text."""
    core = compact(_PREFIX.sub("", strip_numbering(text.strip())))
    return core if core and len(core) <= CAPTION_CHARS else None


def path_names(name: str) -> list[str]:
    """A packet file's folders and archives and its stem, compact (suffixes dropped)."""
    return [compact(PurePosixPath(p).stem) for p in PurePosixPath(name).parts]


def _captioned_pictures(doc: ClassifiedDocument, pattern: re.Pattern[str]) -> list[str]:
    """Where a Word picture has a caption or heading naming the evidence next to it."""
    captions = {b.location.paragraph: core for b in doc.document.content
                if isinstance(b, Block) and b.location.paragraph is not None
                and (core := _caption(b.text)) and pattern.search(core)}
    found = []
    for image in doc.document.images:
        at = image.location.paragraph
        near = _caption(image.near_text or "")
        if (near and pattern.search(near)) or (at is not None and any(
                abs(at - p) <= CAPTION_REACH for p in captions)):
            found.append(f"{doc.source.name} {image.location.describe()}的图片")
    return found


def _titled_pages(doc: ClassifiedDocument, pattern: re.Pattern[str]) -> list[str]:
    """PDF and scan pages whose title line (a short line) names the evidence."""
    pages = set()
    for block in doc.document.content:
        if (isinstance(block, Block) and block.location.page is not None
                and (core := _caption(block.text)) and pattern.search(core)):
            pages.add(block.location.page)
    return [f"{doc.source.name} 第{p}页" for p in sorted(pages)]


def evidence_places(packet: Packet, pattern: re.Pattern[str]) -> list[str]:
    """Where the evidence matching `pattern` (on compact text) is, described for a report;
    [] when nowhere."""
    places: list[str] = []
    for doc in packet.documents:
        named = [*path_names(doc.source.name), *(compact(s.title or "") for s in doc.parts)]
        if any(pattern.search(n) for n in named):
            places.append(doc.source.name)
        else:
            places.extend(_captioned_pictures(doc, pattern))
            if doc.document.kind != "docx":
                places.extend(_titled_pages(doc, pattern))
    return places


LICENCE = re.compile(r"营业执照")
THIRD_PARTY_REPORT = re.compile(r"满意度.*(?:测评|测量|调查|调研|评价)报告|第三方测[量评]报告")
# Parts that are evidence (G-07): found wherever evidence_places finds them
EVIDENCE_PARTS: dict[str, re.Pattern[str]] = {"营业执照": LICENCE,
                                              "第三方测评报告": THIRD_PARTY_REPORT}


def part_present(packet: Packet, part: str) -> bool:
    """A required part is in the packet: classified as such, or, for evidence, placed in
    any of the ways evidence_places accepts."""
    if packet.documents_with(part):
        return True
    pattern = EVIDENCE_PARTS.get(part)
    return bool(pattern and evidence_places(packet, pattern))


EVIDENCE_HEADING = re.compile(r"^(?:其他)?证实性材料(?:复印件)?$|^附件$")


def evidence_section_start(doc: ClassifiedDocument) -> int | None:
    """The Word paragraph where a document's 证实性材料 section begins (copies of licences
    and certificates bound in, carrying other bodies' seals), or None."""
    return next((b.location.paragraph for b in doc.document.content
                 if isinstance(b, Block) and b.location.paragraph is not None
                 and b.location.page is None and (core := _caption(b.text))
                 and EVIDENCE_HEADING.match(core)), None)
