"""A PDF page's characters, paths and pictures read by pdfium, in pdfplumber's object shape.

pdfplumber gets its objects from pdfminer, which interprets every content stream in Python:
on a text page that is most of yushen's reading time. pdfium reads the same page in C about
ten times faster. The objects are built here as the dicts pdfplumber would have made
(top-left origin, PDF points, pdfminer's character box: advance × font size, from the
baseline plus the font's descent), and handed to the pdfplumber page, so its line grouping
and table finder work unchanged. Pages this does not cover (rotated, a media box not at the
origin, a crop box) keep pdfminer's reading: `objects_for` returns None for them.
"""

from __future__ import annotations

import ctypes
import math
import re
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdftypes import PDFObjRef, resolve1

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SUBSET = re.compile(r"^[A-Z]{6}\+")  # pdfium drops the subset tag; pdfminer keeps it


class RawStream:
    """What pdfplumber's image dicts offer as "stream": the undecoded image data."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def get_rawdata(self) -> bytes:
        return self._data


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF order: a point is transformed by m first)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _matrix_of(obj: Any) -> Matrix:
    fs = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(fs)):
        return IDENTITY
    return (fs.a, fs.b, fs.c, fs.d, fs.e, fs.f)


def _colour(getter: Any, obj: Any) -> tuple[float, float, float] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


class _PageReader:
    def __init__(self, page: pdfium.PdfPage, height: float, page_number: int,
                 doctop: float, descents: dict[str, float]) -> None:
        self.page = page
        self.descents = descents
        self.height = height
        self.page_number = page_number
        self.doctop = doctop
        self.objects: dict[str, list[dict[str, Any]]] = {}

    def _box(self, x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
        top = self.height - y1
        return {"x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": top,
                "bottom": self.height - y0, "doctop": self.doctop + top,
                "width": x1 - x0, "height": y1 - y0, "page_number": self.page_number}

    def _add(self, kind: str, obj: dict[str, Any]) -> None:
        obj["object_type"] = kind
        self.objects.setdefault(kind, []).append(obj)

    # characters -------------------------------------------------------------------------
    def read_chars(self) -> bool:
        """False when a character's font is not among the page's fonts (a font of a form
        XObject, say): its box would not be pdfminer's."""
        textpage = self.page.get_textpage()
        try:
            return self._chars(textpage.raw)
        finally:
            textpage.close()

    def _chars(self, raw: Any) -> bool:
        count = pdfium_c.FPDFText_CountChars(raw)
        name_buf = ctypes.create_string_buffer(512)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        loose = pdfium_c.FS_RECTF()
        fs = pdfium_c.FS_MATRIX()
        per_object: dict[int, tuple[str, tuple[float, float, float] | None, float]] = {}
        for i in range(count):
            if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                continue  # spaces and line breaks pdfium infers: not in the file
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1:
                text = "\ufffd"  # a glyph without a Unicode mapping (pdfminer: "(cid:N)")
            elif 0xD800 <= code <= 0xDBFF and i + 1 < count:
                low = pdfium_c.FPDFText_GetUnicode(raw, i + 1)
                text = chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)) \
                    if 0xDC00 <= low <= 0xDFFF else "\ufffd"
            elif 0xDC00 <= code <= 0xDFFF:
                continue  # the second half of a pair, taken above
            else:
                text = chr(code)
            if text in "\r\n":
                continue
            textobj = pdfium_c.FPDFText_GetTextObject(raw, i)
            key = ctypes.cast(textobj, ctypes.c_void_p).value or 0
            if key not in per_object:
                font = pdfium_c.FPDFTextObj_GetFont(textobj)
                length = pdfium_c.FPDFFont_GetBaseFontName(font, name_buf, len(name_buf)) \
                    if font else 0
                # the BaseFont's bytes as pdfminer hands them over (Latin-1 for non-ASCII:
                # _pdffonts undoes GBK/UTF-8 names from there)
                name = name_buf.raw[: max(length - 1, 0)].decode("latin-1")
                unit = self.descents.get(_family(name))
                if unit is None:
                    return False
                per_object[key] = (name, _colour(pdfium_c.FPDFPageObj_GetFillColor, textobj),
                                   unit)
            fontname, fill, unit_descent = per_object[key]
            tf = pdfium_c.FPDFText_GetFontSize(raw, i)
            pdfium_c.FPDFText_GetMatrix(raw, i, ctypes.byref(fs))
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(ox), ctypes.byref(oy))
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(loose))
            a, b, c, d = fs.a, fs.b, fs.c, fs.d
            size = tf * math.hypot(c, d)  # pdfminer's size: the em square's height
            upright = a * d > 0 and b * c <= 0
            if upright:
                # pdfminer's box: origin to origin + advance, descent to descent + size
                x0, x1 = ox.value, max(loose.right, ox.value)
                y0 = oy.value + unit_descent * size
                y1 = y0 + size
            else:
                x0, x1 = min(loose.left, loose.right), max(loose.left, loose.right)
                y0, y1 = min(loose.bottom, loose.top), max(loose.bottom, loose.top)
            char = self._box(x0, y0, x1, y1)
            char.update(text=text, fontname=fontname, size=size, upright=upright,
                        adv=x1 - x0, matrix=(a * tf, b * tf, c * tf, d * tf, ox.value,
                                             oy.value),
                        non_stroking_color=fill, stroking_color=None)
            self._add("char", char)
        return True

    # paths and pictures -----------------------------------------------------------------
    def read_graphics(self) -> None:
        page = self.page.raw
        for n in range(pdfium_c.FPDFPage_CountObjects(page)):
            self._graphic(pdfium_c.FPDFPage_GetObject(page, n), IDENTITY, 0)

    def _graphic(self, obj: Any, outer: Matrix, depth: int) -> None:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 12:
            inner = _mult(_matrix_of(obj), outer)
            for n in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                self._graphic(pdfium_c.FPDFFormObj_GetObject(obj, n), inner, depth + 1)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            self._path(obj, _mult(_matrix_of(obj), outer))
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            self._image(obj, _mult(_matrix_of(obj), outer))

    def _path(self, obj: Any, matrix: Matrix) -> None:
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
        if not fill_mode.value and not stroke.value:
            return  # a clipping path: nothing is drawn (pdfminer drops those too)
        width = ctypes.c_float()
        pdfium_c.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(width))
        style = {"stroke": bool(stroke.value), "fill": bool(fill_mode.value),
                 "evenodd": fill_mode.value == pdfium_c.FPDF_FILLMODE_ALTERNATE,
                 "linewidth": width.value,
                 "stroking_color": _colour(pdfium_c.FPDFPageObj_GetStrokeColor, obj),
                 "non_stroking_color": _colour(pdfium_c.FPDFPageObj_GetFillColor, obj)}
        x, y = ctypes.c_float(), ctypes.c_float()
        subpaths: list[tuple[str, list[tuple[float, float]]]] = []
        for n in range(pdfium_c.FPDFPath_CountSegments(obj)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, n)
            pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            point = _apply(matrix, x.value, y.value)
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append(("m", [point]))
            else:
                shape, pts = subpaths[-1]
                op = "c" if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO else "l"
                subpaths[-1] = (shape + op, [*pts, point])
            if pdfium_c.FPDFPathSegment_GetClose(seg):
                shape, pts = subpaths[-1]
                subpaths[-1] = (shape + "h", pts)
        for shape, pts in subpaths:
            self._subpath(shape, pts, style)

    def _subpath(self, shape: str, pts: list[tuple[float, float]], style: dict[str, Any]
                 ) -> None:
        """pdfminer's kinds: one segment is a line, a closed axis-parallel four-sided
        figure a rect, anything else a curve. Points are flipped to top-left origin."""
        flat = shape.replace("c", "l")
        closed = flat.endswith("h") or (len(pts) == 5 and pts[0] == pts[4])
        if flat in ("ml", "mlh"):
            kind = "line"
        elif flat in ("mlllh", "mllll", "mllllh") and closed and len(pts) >= 4:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or \
                (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            kind = "rect" if square and "c" not in shape else "curve"
        elif len(pts) >= 2:
            kind = "curve"
        else:
            return
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        obj = self._box(min(xs), min(ys), max(xs), max(ys))
        obj.update(style)
        obj["pts"] = [(px, self.height - py) for px, py in pts]
        self._add(kind, obj)

    def _image(self, obj: Any, matrix: Matrix) -> None:
        corners = [_apply(matrix, u, v) for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        w, h = ctypes.c_uint(), ctypes.c_uint()
        pdfium_c.FPDFImageObj_GetImagePixelSize(obj, ctypes.byref(w), ctypes.byref(h))
        size = pdfium_c.FPDFImageObj_GetImageDataRaw(obj, None, 0)
        buf = ctypes.create_string_buffer(size)
        if size:
            pdfium_c.FPDFImageObj_GetImageDataRaw(obj, buf, size)
        image = self._box(min(xs), min(ys), max(xs), max(ys))
        image.update(srcsize=(w.value, h.value), stream=RawStream(buf.raw[:size]))
        self._add("image", image)


def objects_for(plumber_page: Any, pdfium_page: pdfium.PdfPage) -> dict[str, list[Any]] | None:
    """The page's objects as pdfplumber would hold them, or None for a page whose geometry
    is not the plain case (then pdfplumber reads it itself)."""
    attrs = plumber_page.page_obj.attrs
    if plumber_page.rotation or "CropBox" in attrs and tuple(plumber_page.cropbox) != tuple(
            plumber_page.mediabox):
        return None
    left, bottom, _right, _top = (float(v) for v in pdfium_page.get_mediabox())
    if abs(left) > 1e-3 or abs(bottom) > 1e-3:
        return None
    descents = _font_descents(plumber_page)
    if descents is None:
        return None
    reader = _PageReader(pdfium_page, float(plumber_page.height), plumber_page.page_number,
                         float(plumber_page.initial_doctop), descents)
    if not reader.read_chars():
        return None
    reader.read_graphics()
    return reader.objects


def _family(basefont: Any) -> str:
    name = basefont.decode("latin-1") if isinstance(basefont, bytes) else str(basefont)
    return _SUBSET.sub("", name)


def _font_descents(plumber_page: Any) -> dict[str, float] | None:
    """The descent per point of size of each font of the page, as pdfminer reads it from
    the font's descriptor (pdfium takes the font program's own, which can differ; the
    character boxes must be pdfminer's for the line and paragraph cues to hold). None when
    two fonts of one name differ (the name could not tell them apart) or a font writes
    vertically."""
    try:
        fonts = resolve1((plumber_page.page_obj.resources or {}).get("Font")) or {}
        out: dict[str, float] = {}
        for spec in fonts.values():
            objid = spec.objid if isinstance(spec, PDFObjRef) else None
            font = plumber_page.pdf.rsrcmgr.get_font(objid, resolve1(spec))
            family, descent = _family(getattr(font, "basefont", "")), float(font.get_descent())
            if font.is_vertical() or out.get(family, descent) != descent:
                return None  # vertical writing: pdfminer's boxes follow other rules
            out[family] = descent
        return out
    except Exception:  # noqa: BLE001 — a font pdfminer cannot read: let pdfminer say so
        return None
