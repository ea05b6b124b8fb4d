"""Low-level OOXML helpers: text of a paragraph the way Word shows it, symbol ticks.

Checks never see XML; everything XPath-shaped stays in this module.
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
}


def qn(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


# Symbol-font code points that are tick boxes or check marks (FACTS.md, public tables).
_SYMBOL_GLYPHS: dict[tuple[str, int], str] = {
    ("wingdings 2", 0x52): "☑", ("wingdings 2", 0x54): "☒", ("wingdings 2", 0x50): "✓",
    ("wingdings 2", 0x4F): "✗", ("wingdings 2", 0x51): "✗", ("wingdings 2", 0xA3): "□",
    ("wingdings 2", 0xA2): "■", ("wingdings", 0xFE): "☑", ("wingdings", 0xFD): "☒",
    ("wingdings", 0xFC): "✓", ("wingdings", 0xFB): "✗", ("wingdings", 0xA8): "□",
    ("wingdings", 0x6F): "□", ("wingdings", 0x78): "☒",
}


def symbol_char(font: str | None, code: int) -> str:
    code = code - 0xF000 if code >= 0xF000 else code
    glyph = _SYMBOL_GLYPHS.get(((font or "").strip().lower(), code))
    return glyph if glyph else chr(0xF000 + code)


_NESTED = {qn("w:txbxContent"), qn("mc:Fallback"), qn("w:pPr"), qn("w:rPr"), qn("w:del"),
           qn("w:moveFrom"), qn("w:sdtPr"), qn("w:p")}


def _run_font(run: etree._Element) -> str | None:
    fonts = run.find("w:rPr/w:rFonts", NS)
    if fonts is None:
        return None
    return fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi")) or fonts.get(qn("w:eastAsia"))


def _checkbox_state(sdt: etree._Element) -> bool | None:
    box = sdt.find("w:sdtPr/w14:checkbox", NS)
    if box is None:
        return None
    checked = box.find("w14:checked", NS)
    return checked is not None and checked.get(qn("w14:val"), "1") in ("1", "true", "on")


def iter_runs(p: etree._Element) -> list[tuple[etree._Element, bool | None]]:
    """The w:r of a paragraph in reading order, with the state of the check-box content
    control around it (None outside one). Text boxes, deleted and moved-away text skipped."""
    runs: list[tuple[etree._Element, bool | None]] = []

    def walk(el: etree._Element, box: bool | None) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _NESTED:
                continue
            if tag == qn("w:r"):
                runs.append((child, box))
            elif tag == qn("w:sdt"):
                state = _checkbox_state(child)
                walk(child, state if state is not None else box)
            else:
                walk(child, box)

    walk(p, None)
    return runs


def run_text(r: etree._Element, checkbox: bool | None = None) -> str:
    """Visible text of one w:r: w:t, tabs, line breaks, symbol characters; field codes and
    deleted text left out. A check-box content control shows ☑ or □ by its state."""
    if checkbox is not None:
        return "☑" if checkbox else "□"
    out: list[str] = []
    font = None
    for child in r:
        tag = child.tag
        if tag == qn("w:t"):
            text = child.text or ""
            if any(ord(c) >= 0xF000 for c in text):
                font = font or _run_font(r)
                if font and ("wingdings" in font.lower() or "symbol" in font.lower()):
                    text = "".join(symbol_char(font, ord(c)) if ord(c) >= 0xF000 else c
                                   for c in text)
            out.append(text)
        elif tag == qn("w:tab"):
            out.append("\t")
        elif tag == qn("w:cr") or (tag == qn("w:br") and child.get(qn("w:type")) in (
                None, "textWrapping")):
            out.append("\n")  # page and column breaks are layout, not text
        elif tag == qn("w:noBreakHyphen"):
            out.append("-")
        elif tag == qn("w:sym"):
            code = int(child.get(qn("w:char"), "0"), 16)
            out.append(symbol_char(child.get(qn("w:font")), code))
    return "".join(out)


def paragraph_text(p: etree._Element) -> str:
    """Visible text of one w:p; text-box content and deleted text are left out."""
    return "".join(run_text(r, box) for r, box in iter_runs(p))


def textbox_paragraphs(p: etree._Element) -> list[etree._Element]:
    """Paragraphs of text boxes anchored in `p` (DrawingML preferred over the VML fallback)."""
    found: list[etree._Element] = []
    for box in p.iter(qn("w:txbxContent")):
        if any(anc.tag == qn("mc:Fallback") for anc in box.iterancestors()):
            continue
        found.extend(box.findall("w:p", NS))
    return found


_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def image_rel_ids(el: etree._Element) -> list[tuple[str, str]]:
    """(relationship id, placement) of every picture in `el`: "inline" or "anchor"
    (DrawingML), "vml" (w:pict / v:imagedata). The VML fallback copy of a DrawingML
    picture is skipped so each picture counts once."""
    ids: list[tuple[str, str]] = []
    for blip in el.iter(qn("a:blip")):
        if any(anc.tag == qn("mc:Fallback") for anc in blip.iterancestors()):
            continue
        rid = blip.get(qn("r:embed"))
        if rid:
            placement = next((("anchor" if a.tag == f"{{{_WP}}}anchor" else "inline")
                              for a in blip.iterancestors()
                              if a.tag in (f"{{{_WP}}}anchor", f"{{{_WP}}}inline")), "inline")
            ids.append((rid, placement))
    for img in el.iter(qn("v:imagedata")):
        if any(anc.tag == qn("mc:Fallback") for anc in img.iterancestors()):
            continue
        rid = img.get(qn("r:id"))
        if rid:
            ids.append((rid, "vml"))
    return ids
