"""Seals on pages and in pictures, as document-model marks (the detector is seals.py).

Boxes are given in the units of the page's text boxes (PDF points, scan pixels), so a seal
can be compared with the label it should cover.
"""

from __future__ import annotations

import io
import re
from typing import Any

from PIL import Image as PILImage

from extractors.seal_text import RingReader
from extractors.seals import find_seals
from extractors.sign_labels import SIGN_LABEL, after_label, page_sign_label, printed_code
from pipeline.core.model import (
    Block,
    ContentItem,
    DateMark,
    Image,
    Location,
    SealMark,
    SignatureMark,
    Table,
)
from pipeline.core.textnorm import EMPTY_DATE, is_cjk

PAGE_SEAL_DPI = 150  # a 40 mm seal is 236 px across: plenty for presence and colour


def seals_on_page(picture: PILImage.Image, name: str, page_no: int, rings: RingReader,
                  scale: float = 1.0, unit: str = "px") -> list[SealMark]:
    """Red seals on one page image; `scale` turns its pixels into the page's text units.
    Their ring text is read when `rings` is read (the document's extractor does that once,
    at its end)."""
    marks = []
    for seal in find_seals(picture):
        box = tuple(round(v * scale, 1) for v in seal.box)
        mark = SealMark(location=Location(file=name, page=page_no, bbox=box), box=box,
                        unit=unit,  # type: ignore[arg-type]
                        shape=seal.shape, colour=seal.colour,  # type: ignore[arg-type]
                        confidence=seal.confidence)
        rings.add(mark, picture, seal.box, seal.colour)
        marks.append(mark)
    return marks


def seals_in_picture(blob: bytes, location: Location, picture: str, rings: RingReader
                     ) -> list[SealMark]:
    """A picture inserted in a Word file that shows a seal, red or grey (a picture is often
    the seal alone, so a grey one can be told from black text here). Ring text as for
    `seals_on_page`."""
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
    marks = []
    for seal in find_seals(rgb, grey=True):
        mark = SealMark(location=location, box=tuple(float(v) for v in seal.box),  # type: ignore[arg-type]
                        shape=seal.shape, colour=seal.colour,  # type: ignore[arg-type]
                        confidence=seal.confidence, picture=picture)
        rings.add(mark, rgb, seal.box, seal.colour)
        marks.append(mark)
    return marks


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


def has_signature_place(items: list[ContentItem]) -> bool:
    """A signature label or an unprinted date: the page's picture is worth looking at."""
    return any(page_sign_label(text) or UNPRINTED_DATE.search(text)
               for text, _, _ in _page_places(items))


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
# (OCR reads the closing bracket as } ] 】 now and then)
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
            value = after_label(line)
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


INK_SHARE_SIGNED = 0.002  # handwriting covers more of the place than scan noise does
MIN_INK_EXTENT = 0.6  # and its ink spans most of a printed line's height or more
TYPED_CONFIDENCE = 80  # OCR reads printed names well; handwriting reads as low-confidence garbage
TYPED_CONFIDENCE_IN_LINE = 65  # enough for a name whose ink stays within its printed line
CODE_CONFIDENCE = 50  # enough for a long code of letters and digits


BAND_MARGIN = 0.2  # of a line's height, above and below the printed line


def _page_places(items: list[ContentItem]) -> list[tuple[str, Location, float | None]]:
    places: list[tuple[str, Location, float | None]] = []
    for item in items:
        if isinstance(item, Block) and item.location.bbox:
            places.append((item.text, item.location, item.confidence))
        elif isinstance(item, Table):
            places.extend((c.text, c.location, None) for c in item.cells if c.location.bbox)
    return places


def _page_ink(picture: PILImage.Image) -> Any:
    """Dark ink of a page as a 0/255 mask: red (seals) dropped, long rules and underlines
    removed, speckle opened away."""
    import cv2
    import numpy as np

    from extractors._preprocess import drop_red, long_strokes

    bgr = cv2.cvtColor(np.asarray(picture.convert("RGB")), cv2.COLOR_RGB2BGR)
    gray, _ = drop_red(bgr)
    ink = (cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 31, 20) > 0) & (gray < 170)
    ink = ink.astype(np.uint8) * 255
    height, width = ink.shape
    # underlines ("签字：________") and table rules are not handwriting
    rules = long_strokes(ink, max(width // 25, 20), max(height // 40, 20))
    ink = cv2.subtract(ink, cv2.dilate(rules, np.ones((3, 3), np.uint8)))
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


def signatures_on_page(picture: PILImage.Image | None, items: list[ContentItem], scale: float,
                       unit: str, text_layer: bool, ink: Any = None) -> list[SignatureMark]:
    """Each signature place on a page and what stands there. The place is the strip right
    of the label, a line above and below (signatures are bigger than print). Printed text
    found there (text layer, or OCR read with confidence) is masked; what ink remains is
    handwriting (scans) or a drawn or pasted signature (text-layer PDFs). A name the text
    layer or a confident OCR holds after the label is typed. `picture` None: a text-layer
    page with no pictures or drawings, where only typed or empty is possible."""
    import numpy as np

    places = _page_places(items)
    labelled = [(t, loc, conf, m) for t, loc, conf in places
                for m in [page_sign_label(t)] if m]
    if not labelled:
        return []
    if picture is None:
        picture = PILImage.new("RGB", (int(max(loc.bbox[2] for _, loc, _, _ in labelled) / scale) + 1,  # type: ignore[index]
                                       int(max(loc.bbox[3] for _, loc, _, _ in labelled) / scale) + 1),  # type: ignore[index]
                               "white")
    if ink is None:
        ink = _page_ink(picture)
    height, width = ink.shape
    def box_px(loc: Location) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = (int(v / scale) for v in loc.bbox)  # type: ignore[union-attr]
        return max(x0, 0), max(y0, 0), x1, y1

    printed = np.zeros_like(ink)
    for _text, loc, conf in places:
        if text_layer or (conf is not None and conf >= TYPED_CONFIDENCE):
            x0, y0, x1, y1 = box_px(loc)
            printed[y0:y1, x0:x1] = 255
    marks: list[SignatureMark] = []
    for text, loc, conf, match in labelled:
        x0, y0, x1, y1 = (v / scale for v in loc.bbox)  # type: ignore[union-attr]
        line_h = max(y1 - y0, 8.0)
        if len(text.splitlines()) > 1:
            line_h /= len(text.splitlines())
        end = x0 + (x1 - x0) * match.end() / max(len(text), 1)
        rx0, rx1 = int(end + 0.2 * line_h), int(min(width, end + 9 * line_h))
        ry0, ry1 = int(max(0, y0 - 0.9 * line_h)), int(min(height, y1 + 0.9 * line_h))
        if rx1 - rx0 < line_h or ry1 <= ry0:
            continue
        value = after_label(text[match.start():]) or ""
        typed = sum(is_cjk(ch) for ch in value) >= 2 and (
            text_layer or (conf is not None and conf >= TYPED_CONFIDENCE))
        # a name OCR read less surely is typed too when its ink keeps to the printed line's
        # band, as print does and a signature (bigger than print) does not
        maybe_typed = (not typed and sum(is_cjk(ch) for ch in value) >= 2
                       and conf is not None and conf >= TYPED_CONFIDENCE_IN_LINE)
        # a long code of letters and digits read after the label ("数字签名：ADBEAi…") is
        # printed: no signature reads as one
        code = (not typed and printed_code(value) and conf is not None
                and conf >= CODE_CONFIDENCE)
        mask = printed.copy()
        if not typed:  # the label's own line is masked only up to the label: the rest is the place
            lx0, ly0, lx1, ly1 = box_px(loc)
            mask[ly0:ly1, max(lx0, rx0):lx1] = 0
        region = ink[ry0:ry1, rx0:rx1].copy()
        region[mask[ry0:ry1, rx0:rx1] > 0] = 0
        share = float(np.count_nonzero(region)) / region.size
        rows = np.nonzero((region > 0).sum(axis=1) >= 2)[0]
        extent = int(rows[-1] - rows[0] + 1) if rows.size else 0
        # whether the ink stays inside the printed line's band, as print does: a photographed
        # printed name reads unsurely ("孙力" as "也力" at 78) and looks like ink; the rules
        # compare what was read with the name the Word copy types (checks/sealing.py)
        band0 = max(0, int(y0 - BAND_MARGIN * line_h) - ry0)
        band1 = max(band0, int(y1 + BAND_MARGIN * line_h) - ry0)
        outside = np.count_nonzero(region[:band0]) + np.count_nonzero(region[band1:])
        within_line = outside / region.size < INK_SHARE_SIGNED / 2
        print_only = (maybe_typed and within_line) or code
        typed = typed or print_only
        if share >= INK_SHARE_SIGNED and extent >= MIN_INK_EXTENT * line_h and not print_only:
            kind = "image" if text_layer else "handwritten"
        else:
            kind = "typed" if typed else "empty"
        box = tuple(round(v * scale, 1) for v in (rx0, ry0, rx1, ry1))
        marks.append(SignatureMark(location=loc, label=text[: match.end()].strip()[-20:],
                                   kind=kind, box=box, unit=unit,  # type: ignore[arg-type]
                                   text=value if typed else None, ink_share=round(share, 4),
                                   read=None if text_layer else value or None,
                                   within_line=None if text_layer else within_line))
    return marks


# "年 月 日" with nothing printed between (OCR joins the gaps: "年月日" too; a 年 standing
# alone is often misread, so a short line ending in "月 日" without digits counts as well)
UNPRINTED_DATE = re.compile(EMPTY_DATE.pattern + r"|^\s*[^\d\s]{0,3}\s*月[\s\u3000_]*日\s*$",
                            re.MULTILINE)
EXTRA_GLYPHS = 2  # ink clusters beyond the printed characters that make a written date


def dates_on_page(picture: PILImage.Image | None, items: list[ContentItem], scale: float,
                  unit: str, ink: Any = None) -> list[DateMark]:
    """Each "年 月 日" line of a scanned page whose digits are not printed: was the date
    written by hand? The line's ink is cut into glyph-sized clusters along the line (and a
    few characters to its left, where the year goes); a handwritten date adds clusters
    beyond the printed characters OCR read on that line."""

    places = [(t, loc) for t, loc, _ in _page_places(items) if UNPRINTED_DATE.search(t)]
    if not places:
        return []
    if picture is None:  # a text-layer page without pictures: nothing can fill the gaps
        return [DateMark(location=loc, kind="empty", unit=unit,  # type: ignore[arg-type]
                         text=next(ln for ln in t.splitlines()
                                   if UNPRINTED_DATE.search(ln)).strip()[:60])
                for t, loc in places]
    if ink is None:
        ink = _page_ink(picture)
    height, width = ink.shape
    marks: list[DateMark] = []
    for text, loc in places:
        line = next(ln for ln in text.splitlines() if UNPRINTED_DATE.search(ln))
        x0, y0, x1, y1 = (v / scale for v in loc.bbox)  # type: ignore[union-attr]
        line_h = max((y1 - y0) / max(len(text.splitlines()), 1), 8.0)
        rx0, rx1 = int(max(0, x0 - 5 * line_h)), int(min(width, x1 + line_h))
        ry0, ry1 = int(max(0, y0 - 0.3 * line_h)), int(min(height, y1 + 0.3 * line_h))
        columns = (ink[ry0:ry1, rx0:rx1] > 0).sum(axis=0) > 0
        clusters, gap, inside = 0, 0, False
        for has_ink in columns:
            if has_ink:
                if not inside and (gap > 0.3 * line_h or clusters == 0):
                    clusters += 1
                inside, gap = True, 0
            else:
                inside, gap = False, gap + 1
        printed = sum(1 for ch in line if is_cjk(ch) or ch.isalnum())
        kind = "handwritten" if clusters >= printed + EXTRA_GLYPHS else "empty"
        box = tuple(round(v * scale, 1) for v in (rx0, ry0, rx1, ry1))
        marks.append(DateMark(location=loc, kind=kind, text=line.strip()[:60], box=box,  # type: ignore[arg-type]
                              unit=unit))  # type: ignore[arg-type]
    return marks


def marks_on_page(picture: PILImage.Image | None, items: list[ContentItem], scale: float,
                  unit: str, text_layer: bool) -> tuple[list[SignatureMark], list[DateMark]]:
    """The signature places and the unprinted dates of one page, from one ink mask."""
    wanted = picture is not None and any(
        page_sign_label(t) or UNPRINTED_DATE.search(t) for t, _, _ in _page_places(items))
    ink = _page_ink(picture) if wanted else None
    return (signatures_on_page(picture, items, scale, unit, text_layer, ink),
            dates_on_page(picture, items, scale, unit, ink))
