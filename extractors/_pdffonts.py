"""PDF font names as a reader would say them: '宋体', 'FangSong', bold or not.

A PDF BaseFont carries a subset tag ('ABCDEF+'), style suffixes (',Bold', '-BoldMT') and,
from Chinese producers, the family name as #-escaped GBK or UTF-8 bytes ('#CB#CE#CC#E5' is
宋体 in GBK). pdfminer hands some of those bytes over as Latin-1 characters; both are undone
here before the shared alias table (pipeline.core.fonts) gives the canonical Chinese name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.core.fonts import canonical_font

_SUBSET = re.compile(r"^[A-Z]{2,8}\+")  # six letters by the spec; some producers differ
_KANA = re.compile(r"-[VH]Kana$")  # Noto CJK vertical/horizontal kana variants
_HEX_ESCAPE = re.compile(r"#([0-9A-Fa-f]{2})")
_STYLE = re.compile(r"[,-]?(BoldItalic|BoldOblique|Bold|Italic|Oblique|Regular|Medium|Light|"
                    r"Demibold|Semibold|Black|Heavy)(MT)?$", re.IGNORECASE)
_PS_SUFFIX = re.compile(r"(PSMT|MT|PS)$")
_BOLD = re.compile(r"bold|black|heavy|demi|semibold", re.IGNORECASE)


@dataclass(frozen=True)
class PdfFont:
    raw: str
    family: str  # canonical Chinese name where known ('宋体'), else the cleaned family
    bold: bool
    italic: bool


def _decode_bytes(data: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _unescape(name: str) -> str:
    """'#CB#CE#CC#E5' → '宋体'; Latin-1 mojibake of GBK/UTF-8 bytes → the real text."""
    if _HEX_ESCAPE.search(name):
        raw = bytearray()
        pos = 0
        for m in _HEX_ESCAPE.finditer(name):
            raw.extend(name[pos : m.start()].encode("latin-1", "replace"))
            raw.append(int(m.group(1), 16))
            pos = m.end()
        raw.extend(name[pos:].encode("latin-1", "replace"))
        return _decode_bytes(bytes(raw))
    if any("\x80" <= ch <= "\xff" for ch in name) and all(ord(ch) < 256 for ch in name):
        return _decode_bytes(name.encode("latin-1"))
    return name


@lru_cache(maxsize=4096)
def decode_font(raw: str | None) -> PdfFont:
    if not raw:
        return PdfFont(raw="", family="", bold=False, italic=False)
    name = _unescape(_SUBSET.sub("", raw.strip()))
    style_part = name[name.find(",") :] if "," in name else name
    bold = bool(_BOLD.search(style_part)) or bool(re.search(r"[,-]Bold", name))
    italic = bool(re.search(r"italic|oblique", name, re.IGNORECASE))
    family = _KANA.sub("", name.split(",")[0])
    while True:
        stripped = _STYLE.sub("", family)
        if stripped == family:
            break
        family = stripped
    family = family.rstrip("-_ ")
    canon = canonical_font(family)
    if canon == family:  # not in the alias table: try without PostScript suffixes
        canon = canonical_font(_PS_SUFFIX.sub("", family)) or family
    return PdfFont(raw=raw, family=canon or family, bold=bold, italic=italic)
