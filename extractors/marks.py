"""Seals on pages and in pictures, as document-model marks (the detector is seals.py).

Boxes are given in the units of the page's text boxes (PDF points, scan pixels), so a seal
can be compared with the label it should cover.
"""

from __future__ import annotations

import io
import re
from typing import Any

from PIL import Image as PILImage

from extractors.seals import find_seals
from pipeline.model import Block, ContentItem, Image, Location, SealMark, SignatureMark, Table

PAGE_SEAL_DPI = 150  # a 40 mm seal is 236 px across: plenty for presence and colour


def seals_on_page(picture: PILImage.Image, name: str, page_no: int,
                  scale: float = 1.0, unit: str = "px") -> list[SealMark]:
    """Red seals on one page image; `scale` turns its pixels into the page's text units."""
    marks = []
    for seal in find_seals(picture):
        box = tuple(round(v * scale, 1) for v in seal.box)
        marks.append(SealMark(location=Location(file=name, page=page_no, bbox=box), box=box,
                              unit=unit,  # type: ignore[arg-type]
                              shape=seal.shape, colour=seal.colour,  # type: ignore[arg-type]
                              confidence=seal.confidence))
    return marks


def seals_in_picture(blob: bytes, location: Location, picture: str) -> list[SealMark]:
    """A picture inserted in a Word file that shows a seal, red or grey (a picture is often
    the seal alone, so a grey one can be told from black text here)."""
    try:
        with PILImage.open(io.BytesIO(blob)) as img:
            img.load()
            if img.width * img.height > 40_000_000 or min(img.size) < 24:
                return []
            rgba = img.convert("RGBA")
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return []  # EMF/WMF or broken: nothing to see
    white = PILImage.new("RGBA", rgba.size, "white")
    rgb = PILImage.alpha_composite(white, rgba).convert("RGB")  # transparent = paper
    return [SealMark(location=location, box=tuple(float(v) for v in seal.box),  # type: ignore[arg-type]
                     shape=seal.shape, colour=seal.colour,  # type: ignore[arg-type]
                     confidence=seal.confidence, picture=picture)
            for seal in find_seals(rgb, grey=True)]


def _reddish(colour: Any) -> bool:
    if not isinstance(colour, tuple | list) or not all(isinstance(c, int | float) for c in colour):
        return False
    if len(colour) == 3:
        r, g, b = colour
        return r > 0.4 and r - max(g, b) > 0.25
    if len(colour) == 4:
        c, m, y, _k = colour
        return m > 0.4 and c < 0.3
    return False


def page_may_hold_seal(page: Any) -> bool:
    """A text-layer PDF page is rendered for seals only when it holds a picture or red
    drawing or text: a page of black text and lines has none (and rendering costs time)."""
    if page.images:
        return True
    for obj in (*page.curves, *page.rects, *page.lines):
        if _reddish(obj.get("stroking_color")) or _reddish(obj.get("non_stroking_color")):
            return True
    return any(_reddish(c.get("non_stroking_color")) for c in page.chars[:4000])


# "主要负责人签字：", "法人代表或主要负责人签字", "（签字）": what follows on the same line is
# what stands in the signature's place
SIGN_LABEL = re.compile(r"(?:签\s*字|签\s*名)\s*[)）]?\s*[：:]?")
_FILLER = re.compile(r"[\s_＿\-—.·…：:（）()]+")


def _after_label(line: str) -> str | None:
    """The text after a signature label on its line, without blanks and underscores; None
    when the line holds no label."""
    match = SIGN_LABEL.search(line)
    if match is None:
        return None
    rest = line[match.end():]
    rest = re.split(r"\s{2,}|\t|日期|年\s*月\s*日", rest)[0]  # another field on the same line
    return _FILLER.sub("", rest)


def signatures_in_word(content: list[ContentItem], images: list[Image],
                       seals: list[SealMark]) -> list[SignatureMark]:
    """Each signature place of a Word file: a picture there (not a seal) is a signature
    image; a typed name is typed; nothing is empty."""
    seal_pictures = {(s.picture, s.location.paragraph, s.location.table, s.location.row)
                     for s in seals}
    pictures = [i for i in images
                if (i.name, i.location.paragraph, i.location.table, i.location.row)
                not in seal_pictures]
    places: list[tuple[str, Location]] = []
    for item in content:
        if isinstance(item, Block):
            places.append((item.text, item.location))
        elif isinstance(item, Table):
            places.extend((c.text, c.location) for c in item.cells)
    marks: list[SignatureMark] = []
    for text, location in places:
        for line in text.splitlines():
            value = _after_label(line)
            if value is None:
                continue
            label = line[: SIGN_LABEL.search(line).end()].strip()  # type: ignore[union-attr]
            picture = next((p for p in pictures if _word_near(p.location, location)), None)
            kind = "image" if picture else "typed" if value else "empty"
            marks.append(SignatureMark(location=location, label=label[-20:], kind=kind,
                                       text=value or None))
    return marks


def _word_near(picture: Location, label: Location) -> bool:
    if label.table is not None:
        return (picture.table == label.table and picture.row is not None
                and label.row is not None and 0 <= picture.row - label.row <= 1
                and (picture.col == label.col or picture.row != label.row))
    if label.paragraph is None or picture.paragraph is None:
        return False
    return 0 <= picture.paragraph - label.paragraph <= 2
