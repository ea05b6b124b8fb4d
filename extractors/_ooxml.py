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


_SKIP = {qn("w:delText"), qn("w:instrText"), qn("w:delInstrText")}
_NESTED = {qn("w:txbxContent"), qn("mc:Fallback"), qn("w:pPr"), qn("w:rPr")}


def _run_font(run: etree._Element) -> str | None:
    fonts = run.find("w:rPr/w:rFonts", NS)
    if fonts is None:
        return None
    return fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi")) or fonts.get(qn("w:eastAsia"))


def paragraph_text(p: etree._Element) -> str:
    """Visible text of one w:p; text-box content and deleted text are left out."""
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP or tag in _NESTED:
                continue
            if tag == qn("w:t"):
                text = child.text or ""
                parent = child.getparent()
                font = _run_font(parent) if parent is not None else None
                if font and "wingdings" in font.lower():
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
            elif tag == qn("w:p"):
                continue
            else:
                walk(child)

    walk(p)
    return "".join(out)


def textbox_paragraphs(p: etree._Element) -> list[etree._Element]:
    """Paragraphs of text boxes anchored in `p` (DrawingML preferred over the VML fallback)."""
    found: list[etree._Element] = []
    for box in p.iter(qn("w:txbxContent")):
        if any(anc.tag == qn("mc:Fallback") for anc in box.iterancestors()):
            continue
        found.extend(box.findall("w:p", NS))
    return found


def image_rel_ids(el: etree._Element) -> list[str]:
    ids: list[str] = []
    for blip in el.iter(qn("a:blip")):
        if any(anc.tag == qn("mc:Fallback") for anc in blip.iterancestors()):
            continue
        rid = blip.get(qn("r:embed"))
        if rid:
            ids.append(rid)
    for img in el.iter(qn("v:imagedata")):
        if any(anc.tag == qn("mc:Fallback") for anc in img.iterancestors()):
            continue
        rid = img.get(qn("r:id"))
        if rid:
            ids.append(rid)
    return ids


def outline_level(p: etree._Element, style_levels: dict[str, int]) -> int | None:
    """Heading level (1-based) from the paragraph's outline level or its style chain."""
    direct = p.find("w:pPr/w:outlineLvl", NS)
    if direct is not None:
        val = int(direct.get(qn("w:val"), "9"))
        return val + 1 if val < 9 else None
    style = p.find("w:pPr/w:pStyle", NS)
    if style is not None:
        return style_levels.get(style.get(qn("w:val"), ""))
    return None
