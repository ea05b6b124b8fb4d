"""Effective formatting of Word text, resolved the way Word resolves it.

python-docx exposes the XML but not inheritance. The order applied here (FACTS.md):
docDefaults → table style → numbering level → paragraph style chain (basedOn; no pStyle
means the default paragraph style) → character style chain (rStyle, basedOn) → direct
run properties. Each attribute inherits on its own; within one font slot a level that
names a font or a theme font replaces both (the theme attribute wins inside one level).
The font applied to each character depends on its slot (ascii / hAnsi / eastAsia),
chosen by Unicode range and w:hint; theme fonts resolve through theme1.xml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from extractors._ooxml import NS, qn

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
# The built-in fallbacks when nothing in the file names a font or a size: what Word
# uses for a zh-CN document with an empty style sheet.
DEFAULT_FONTS = {"ascii": "Times New Roman", "hAnsi": "Times New Roman", "eastAsia": "宋体",
                 "cs": "Times New Roman"}
DEFAULT_SIZE_HALF_POINTS = 21  # 五号 10.5 pt, Word's zh-CN Normal; the schema default is 20
LANG_SCRIPT = {"zh-CN": "Hans", "zh-SG": "Hans", "zh-TW": "Hant", "zh-HK": "Hant",
               "ja-JP": "Jpan", "ko-KR": "Hang"}

Props = dict[str, Any]


def _on(el: etree._Element) -> bool:
    return el.get(qn("w:val"), "true").lower() not in ("0", "false", "off")


def read_rpr(rpr: etree._Element | None) -> Props:
    """Run properties this one w:rPr element sets (nothing inherited)."""
    out: Props = {}
    if rpr is None:
        return out
    fonts = rpr.find("w:rFonts", NS)
    if fonts is not None:
        for slot in SLOTS:
            theme = fonts.get(qn(f"w:{slot}Theme"))
            name = fonts.get(qn(f"w:{slot}"))
            if theme:
                out[f"font.{slot}"] = ("theme", theme)
            elif name:
                out[f"font.{slot}"] = ("name", name)
        if fonts.get(qn("w:hint")):
            out["hint"] = fonts.get(qn("w:hint"))
    for tag, key in (("w:sz", "sz"),):
        el = rpr.find(tag, NS)
        if el is not None and el.get(qn("w:val"), "").isdigit():
            out[key] = int(el.get(qn("w:val")))
    for tag, key in (("w:b", "b"), ("w:i", "i"), ("w:caps", "caps")):
        el = rpr.find(tag, NS)
        if el is not None:
            out[key] = _on(el)
    style = rpr.find("w:rStyle", NS)
    if style is not None:
        out["rStyle"] = style.get(qn("w:val"))
    return out


def read_ppr(ppr: etree._Element | None) -> Props:
    """Paragraph properties this one w:pPr element sets."""
    out: Props = {}
    if ppr is None:
        return out
    jc = ppr.find("w:jc", NS)
    if jc is not None:
        out["jc"] = jc.get(qn("w:val"))
    spacing = ppr.find("w:spacing", NS)
    if spacing is not None:
        line = spacing.get(qn("w:line"))
        if line is not None and line.lstrip("-").isdigit():
            out["line"] = int(line)
            out["lineRule"] = spacing.get(qn("w:lineRule"), "auto")
        for attr in ("before", "after"):
            val = spacing.get(qn(f"w:{attr}"))
            if val is not None and val.lstrip("-").isdigit():
                out[attr] = int(val)
    ind = ppr.find("w:ind", NS)
    if ind is not None:
        values = {a: ind.get(qn(f"w:{a}")) for a in
                  ("firstLine", "firstLineChars", "hanging", "hangingChars")}
        if any(v is not None for v in values.values()):
            # a level that sets the first-line indent in any unit replaces all four
            out["ind.first"] = {k: int(v) for k, v in values.items()
                                if v is not None and v.lstrip("-").isdigit()}
        for attr in ("left", "start", "leftChars", "startChars"):
            val = ind.get(qn(f"w:{attr}"))
            if val is not None and val.lstrip("-").isdigit():
                out[f"ind.{attr}"] = int(val)
    tabs = ppr.find("w:tabs", NS)
    if tabs is not None:
        out["tabs"] = [(t.get(qn("w:val"), "left"), int(t.get(qn("w:pos"), "0")))
                       for t in tabs.findall("w:tab", NS)
                       if t.get(qn("w:pos"), "").lstrip("-").isdigit()]
    lvl = ppr.find("w:outlineLvl", NS)
    if lvl is not None:
        out["outlineLvl"] = int(lvl.get(qn("w:val"), "9"))
    num = ppr.find("w:numPr", NS)
    if num is not None:
        num_id = num.find("w:numId", NS)
        ilvl = num.find("w:ilvl", NS)
        if num_id is not None:
            out["numId"] = num_id.get(qn("w:val"))
        if ilvl is not None:
            out["ilvl"] = int(ilvl.get(qn("w:val"), "0"))
    style = ppr.find("w:pStyle", NS)
    if style is not None:
        out["pStyle"] = style.get(qn("w:val"))
    return out


@dataclass
class StyleDef:
    style_id: str
    type: str
    name: str
    based_on: str | None
    ppr: Props
    rpr: Props
    is_default: bool


@dataclass
class Span:
    """A stretch of run text with one slot and one effective format."""

    text: str
    font: str
    size_pt: float
    bold: bool
    slot: str
    font_source: str  # "direct", "style", "theme", "default"
    size_from_file: bool = True  # False: nothing in the file set a size (Word's default)


def char_slot(ch: str, hint: str | None) -> str:
    code = ord(ch)
    if (0x1100 <= code <= 0x11FF or 0x2E80 <= code <= 0x2FDF or 0x3000 <= code <= 0x33FF
            or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xA960 <= code <= 0xA97F
            or 0xAC00 <= code <= 0xD7FF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F
            or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x2FA1F):
        return "eastAsia"
    if code < 0x80:
        return "ascii"
    # Characters shared by both scripts (quotes, dashes, ellipsis, boxes, arrows) follow
    # the run's w:hint; Word's Chinese input sets eastAsia on them.
    if hint == "eastAsia" and (0x2000 <= code <= 0x27BF or 0xA0 <= code <= 0xFF):
        return "eastAsia"
    return "hAnsi"


class StyleResolver:
    def __init__(self, styles_el: etree._Element | None, theme_el: etree._Element | None,
                 settings_el: etree._Element | None, numbering_el: etree._Element | None) -> None:
        self.styles: dict[str, StyleDef] = {}
        self.default_rpr: Props = {}
        self.default_ppr: Props = {}
        self.default_para: str | None = None
        self.default_char: str | None = None
        self._cache: dict[tuple[str, str], tuple[Props, Props]] = {}
        if styles_el is not None:
            self._read_styles(styles_el)
        self.theme = self._read_theme(theme_el, settings_el)
        self.numbering = _Numbering(numbering_el)

    # ---- reading the parts
    def _read_styles(self, styles_el: etree._Element) -> None:
        defaults = styles_el.find("w:docDefaults", NS)
        if defaults is not None:
            self.default_rpr = read_rpr(defaults.find("w:rPrDefault/w:rPr", NS))
            self.default_ppr = read_ppr(defaults.find("w:pPrDefault/w:pPr", NS))
        for st in styles_el.findall("w:style", NS):
            sid = st.get(qn("w:styleId"), "")
            based = st.find("w:basedOn", NS)
            name = st.find("w:name", NS)
            sdef = StyleDef(
                style_id=sid, type=st.get(qn("w:type"), "paragraph"),
                name=name.get(qn("w:val"), sid) if name is not None else sid,
                based_on=based.get(qn("w:val")) if based is not None else None,
                ppr=read_ppr(st.find("w:pPr", NS)), rpr=read_rpr(st.find("w:rPr", NS)),
                is_default=_on_attr(st.get(qn("w:default"))))
            self.styles[sid] = sdef
            if sdef.is_default and sdef.type == "paragraph":
                self.default_para = sid
            if sdef.is_default and sdef.type == "character":
                self.default_char = sid

    @staticmethod
    def _read_theme(theme_el: etree._Element | None, settings_el: etree._Element | None
                    ) -> dict[str, str]:
        out: dict[str, str] = {}
        if theme_el is None:
            return out
        script = "Hans"
        if settings_el is not None:
            lang = settings_el.find("w:themeFontLang", NS)
            if lang is not None and lang.get(qn("w:eastAsia")):
                script = LANG_SCRIPT.get(lang.get(qn("w:eastAsia")), script)
        ns = {"a": A_NS}
        for kind in ("major", "minor"):
            font = theme_el.find(f".//a:fontScheme/a:{kind}Font", ns)
            if font is None:
                continue
            latin = font.find("a:latin", ns)
            ea = font.find("a:ea", ns)
            cs = font.find("a:cs", ns)
            by_script = font.find(f"a:font[@script='{script}']", ns)
            latin_face = latin.get("typeface", "") if latin is not None else ""
            ea_face = ea.get("typeface", "") if ea is not None else ""
            if not ea_face and by_script is not None:
                ea_face = by_script.get("typeface", "")
            out[f"{kind}Ascii"] = out[f"{kind}HAnsi"] = latin_face
            out[f"{kind}EastAsia"] = ea_face
            out[f"{kind}Bidi"] = cs.get("typeface", "") if cs is not None else ""
        return out

    # ---- style chains
    def _chain(self, style_id: str | None, kind: str) -> list[StyleDef]:
        chain: list[StyleDef] = []
        seen: set[str] = set()
        cur = style_id
        while cur and cur not in seen and cur in self.styles:
            seen.add(cur)
            sdef = self.styles[cur]
            if sdef.type != kind:
                break
            chain.append(sdef)
            cur = sdef.based_on
        return list(reversed(chain))

    def style_name(self, style_id: str | None) -> str | None:
        sdef = self.styles.get(style_id or "")
        return sdef.name if sdef else style_id

    # ---- effective paragraph and run properties
    def paragraph(self, p: etree._Element, table_style: str | None = None) -> tuple[Props, Props]:
        """(effective pPr, rPr that the paragraph's styles give its runs)."""
        direct = read_ppr(p.find("w:pPr", NS))
        pstyle = direct.get("pStyle") or self.default_para
        key = (pstyle or "", table_style or "")
        if key not in self._cache:
            ppr: Props = dict(self.default_ppr)
            rpr: Props = dict(self.default_rpr)
            for sdef in self._chain(table_style, "table"):
                _merge(ppr, sdef.ppr)
                _merge(rpr, sdef.rpr)
            style_ppr: Props = {}
            style_rpr: Props = {}
            for sdef in self._chain(pstyle, "paragraph"):
                _merge(style_ppr, sdef.ppr)
                _merge(style_rpr, sdef.rpr)
            # numbering named by the style applies between table style and paragraph style
            num_ppr = self.numbering.level_ppr(style_ppr.get("numId"), style_ppr.get("ilvl", 0))
            _merge(ppr, num_ppr)
            _merge(ppr, style_ppr)
            _merge(rpr, style_rpr)
            self._cache[key] = (ppr, rpr)
        ppr, rpr = self._cache[key]
        ppr = dict(ppr)
        if "numId" in direct:
            _merge(ppr, self.numbering.level_ppr(direct.get("numId"), direct.get("ilvl", 0)))
        _merge(ppr, direct)
        ppr["pStyle"] = pstyle
        return ppr, dict(rpr)

    def run(self, r: etree._Element, para_rpr: Props) -> Props:
        direct = read_rpr(r.find("w:rPr", NS))
        rpr = dict(para_rpr)
        for sdef in self._chain(direct.get("rStyle") or self.default_char, "character"):
            _merge(rpr, sdef.rpr)
        _merge(rpr, direct, source="direct")
        return rpr

    def font_for(self, rpr: Props, slot: str) -> tuple[str, str]:
        """(font name, where it came from) for a slot of resolved run properties."""
        value = rpr.get(f"font.{slot}")
        if value is not None:
            how, name = value
            if how == "theme":
                face = self.theme.get(name, "")
                if face:
                    return face, "theme"
            else:
                return name, rpr.get(f"src.font.{slot}", "style")
        if slot == "hAnsi" and rpr.get("font.ascii"):
            return self.font_for(rpr, "ascii")
        return DEFAULT_FONTS[slot], "default"

    def spans(self, runs: list[tuple[etree._Element, str]], para_rpr: Props) -> list[Span]:
        """Split run texts into spans of one slot each, with the effective format."""
        out: list[Span] = []
        for r, text in runs:
            if not text:
                continue
            rpr = self.run(r, para_rpr)
            size = rpr.get("sz", DEFAULT_SIZE_HALF_POINTS) / 2
            sized = "sz" in rpr
            bold = bool(rpr.get("b", False))
            hint = rpr.get("hint")
            current_slot = None
            buf: list[str] = []
            for ch in text:
                if ch.isspace():
                    buf.append(ch)  # whitespace has no visible font; keep it with its run
                    continue
                slot = char_slot(ch, hint)
                if current_slot is not None and slot != current_slot:
                    font, src = self.font_for(rpr, current_slot)
                    out.append(Span("".join(buf), font, size, bold, current_slot, src, sized))
                    buf = []
                current_slot = slot
                buf.append(ch)
            if buf:
                slot = current_slot or "ascii"
                font, src = self.font_for(rpr, slot)
                out.append(Span("".join(buf), font, size, bold, slot, src, sized))
        return out


def _on_attr(val: str | None) -> bool:
    return val is not None and val.lower() in ("1", "true", "on")


def _merge(base: Props, over: Props, source: str = "style") -> None:
    for key, value in over.items():
        if key == "tabs":  # tab stops add up across levels; "clear" removes one
            stops = {pos: kind for kind, pos in base.get("tabs", [])}
            for kind, pos in value:
                if kind == "clear":
                    stops.pop(pos, None)
                else:
                    stops[pos] = kind
            base["tabs"] = sorted(((k, p) for p, k in stops.items()), key=lambda t: t[1])
            continue
        base[key] = value
        if key.startswith("font."):
            base[f"src.{key}"] = source


class _Numbering:
    """numbering.xml: numId → abstractNum levels (pPr, format, text, start)."""

    def __init__(self, numbering_el: etree._Element | None) -> None:
        self.levels: dict[tuple[str, int], dict[str, Any]] = {}
        if numbering_el is None:
            return
        abstract: dict[str, dict[int, dict[str, Any]]] = {}
        for an in numbering_el.findall("w:abstractNum", NS):
            aid = an.get(qn("w:abstractNumId"), "")
            abstract[aid] = {}
            for lvl in an.findall("w:lvl", NS):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                fmt = lvl.find("w:numFmt", NS)
                text = lvl.find("w:lvlText", NS)
                start = lvl.find("w:start", NS)
                abstract[aid][ilvl] = {
                    "ppr": read_ppr(lvl.find("w:pPr", NS)),
                    "fmt": fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    "text": text.get(qn("w:val"), "") if text is not None else "",
                    "start": int(start.get(qn("w:val"), "1")) if start is not None else 1,
                }
        for num in numbering_el.findall("w:num", NS):
            nid = num.get(qn("w:numId"), "")
            ref = num.find("w:abstractNumId", NS)
            aid = ref.get(qn("w:val"), "") if ref is not None else ""
            for ilvl, spec in abstract.get(aid, {}).items():
                self.levels[(nid, ilvl)] = spec

    def level_ppr(self, num_id: str | None, ilvl: int) -> Props:
        if not num_id:
            return {}
        spec = self.levels.get((num_id, ilvl))
        return dict(spec["ppr"]) if spec else {}

    def level(self, num_id: str | None, ilvl: int) -> dict[str, Any] | None:
        return self.levels.get((num_id or "", ilvl))


_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "ideographTraditional", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return _chinese(n)
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "none":
        return ""
    return str(n)


class NumberingCounter:
    """Word's list numbers, counted in document order: the label "一、" a paragraph shows."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        self.counts: dict[str, dict[int, int]] = {}

    def label(self, num_id: str | None, ilvl: int) -> str | None:
        spec = self.numbering.level(num_id, ilvl)
        if spec is None or num_id in (None, "0"):
            return None
        if spec["fmt"] == "bullet":
            return spec["text"] or None
        counts = self.counts.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, spec["start"] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        text = spec["text"]
        for k in range(ilvl + 1):
            other = self.numbering.level(num_id, k)
            if other is None:
                continue
            value = counts.get(k, other["start"])
            text = text.replace(f"%{k + 1}", format_number(value, other["fmt"]))
        return text or None
