"""Word sections: where page numbering restarts and where the PAGE field sits."""

from __future__ import annotations

import re

from lxml import etree

from extractors._ooxml import NS, qn
from extractors._styles import StyleResolver
from pipeline.core.model import SectionInfo

_SAFE = etree.XMLParser(resolve_entities=False, no_network=True)
_PAGE_FIELD = re.compile(r"^\s*PAGE\b", re.IGNORECASE)


def _instr_texts(p: etree._Element) -> list[str]:
    texts = [f.get(qn("w:instr"), "") for f in p.iter(qn("w:fldSimple"))]
    texts.append("".join(t.text or "" for t in p.iter(qn("w:instrText"))))
    return texts


def page_field_paragraph(part_el: etree._Element) -> etree._Element | None:
    """The paragraph of a header/footer part that holds a PAGE field (not NUMPAGES)."""
    for p in part_el.iter(qn("w:p")):
        if any(anc.tag == qn("mc:Fallback") for anc in p.iterancestors()):
            continue  # the VML copy of a DrawingML text box
        if not any(_PAGE_FIELD.match(t) for t in _instr_texts(p)):
            continue
        inner = [q for q in p.iter(qn("w:p")) if q is not p
                 and any(_PAGE_FIELD.match(t) for t in _instr_texts(q))]
        if not inner:  # the innermost paragraph: the field may sit in a text box
            return p
    return None


_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_VML_CENTER = re.compile(r"mso-position-horizontal:\s*(center|left|right)")


def _text_box_alignment(p: etree._Element) -> str | None:
    """WPS and Word's "page number in a text box": the box's horizontal alignment."""
    for ancestor in p.iterancestors():
        if ancestor.tag == f"{{{_WP}}}anchor":
            align = ancestor.find(f"{{{_WP}}}positionH/{{{_WP}}}align")
            return align.text.strip() if align is not None and align.text else None
        style = ancestor.get("style")
        if style and (m := _VML_CENTER.search(style)):
            return m.group(1)
    return None


def _text_width(sect: etree._Element) -> int:
    """Width between the margins in twips (A4 with Word's default margins if unset)."""
    size = sect.find("w:pgSz", NS)
    margins = sect.find("w:pgMar", NS)
    width = int(size.get(qn("w:w"), "11906")) if size is not None else 11906
    left = int(margins.get(qn("w:left"), "1800")) if margins is not None else 1800
    right = int(margins.get(qn("w:right"), "1800")) if margins is not None else 1800
    return max(width - left - right, 1)


def _tabs_before_field(p: etree._Element) -> int:
    """How many tab characters precede the PAGE field in the paragraph."""
    count = 0
    for el in p.iter(qn("w:tab"), qn("w:fldSimple"), qn("w:instrText")):
        if el.tag == qn("w:tab") and el.getparent() is not None and \
                el.getparent().tag == qn("w:r"):
            count += 1
        else:
            instr = el.get(qn("w:instr"), "") if el.tag == qn("w:fldSimple") else (el.text or "")
            if _PAGE_FIELD.match(instr):
                return count
    return count


def _alignment(p: etree._Element, resolver: StyleResolver, text_width: int,
               default_tab: int) -> str:
    """Where the page number sits: paragraph alignment, a positional tab, a frame, or —
    as Word's own footers often do — tab stops (Footer style: center 4153, right 8306)."""
    box = _text_box_alignment(p)
    if box:
        return box
    ptab = p.find(".//w:ptab", NS)
    if ptab is not None and ptab.get(qn("w:alignment")):
        return ptab.get(qn("w:alignment"))
    frame = p.find("w:pPr/w:framePr", NS)
    if frame is not None and frame.get(qn("w:xAlign")):
        return frame.get(qn("w:xAlign"))
    ppr, _ = resolver.paragraph(p)
    jc = ppr.get("jc") or "left"
    tabs = _tabs_before_field(p)
    if jc not in ("left", "start", "both") or tabs == 0:
        return "center" if jc == "center" else jc
    pos, kind = 0, "left"
    stops = [(k, x) for k, x in ppr.get("tabs", []) if k != "clear"]
    for _ in range(tabs):
        nxt = next(((k, x) for k, x in stops if x > pos), None)
        if nxt is None:
            pos = (pos // default_tab + 1) * default_tab
            kind = "left"
        else:
            kind, pos = nxt
    if kind in ("center", "right"):
        return kind if kind == "center" or pos < text_width * 0.9 else "right"
    centre = text_width / 2
    return "center" if abs(pos - centre) <= 0.15 * text_width else ("left" if pos < centre else "right")


def read_sections(body: etree._Element, part, resolver: StyleResolver,
                  default_tab: int = 420) -> list[SectionInfo]:
    """One SectionInfo per sectPr in document order; footers inherit from the previous
    section when a section names none, as Word does."""
    sect_prs = [p.find("w:pPr/w:sectPr", NS) for p in body.iter(qn("w:p"))]
    ordered = [s for s in sect_prs if s is not None]
    final = body.find("w:sectPr", NS)
    if final is not None:
        ordered.append(final)
    inherited: dict[tuple[str, str], str] = {}  # (header|footer, type) → rId
    out: list[SectionInfo] = []
    for index, sect in enumerate(ordered, start=1):
        info = SectionInfo(index=index)
        num = sect.find("w:pgNumType", NS)
        if num is not None:
            start = num.get(qn("w:start"))
            info.page_number_start = int(start) if start and start.isdigit() else None
            info.page_number_format = num.get(qn("w:fmt"))
        for kind in ("footer", "header"):
            for ref in sect.findall(f"w:{kind}Reference", NS):
                inherited[(kind, ref.get(qn("w:type"), "default"))] = ref.get(qn("r:id"), "")
            rid = inherited.get((kind, "default"))
            rel = part.rels.get(rid) if rid else None
            if rel is None or rel.is_external:
                continue
            element = getattr(rel.target_part, "element", None)
            if element is None:
                try:
                    element = etree.fromstring(rel.target_part.blob, _SAFE)
                except etree.XMLSyntaxError:
                    continue
            field_p = page_field_paragraph(element)
            if field_p is None:
                continue
            if kind == "footer":
                info.footer_has_page_field = True
                info.footer = str(rel.target_part.partname)
                info.page_field_alignment = _alignment(field_p, resolver, _text_width(sect),
                                                       default_tab)
            else:
                info.header_has_page_field = True
        out.append(info)
    return out
