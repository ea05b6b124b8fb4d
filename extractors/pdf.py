"""PDF extractor: each page read from its text layer, or by OCR where it has none.

A page is routed by what its text layer is worth: enough real characters → the text layer
(extractors._pdflayout: fonts, sizes, paragraphs, ruled tables); glyphs without a Unicode
mapping ('(cid:12)', private-use code points) or a page that is one big picture with a few
characters → OCR of the page rendered at `ocr_dpi` (extractors.ocr); nothing at all →
a blank page. A PDF may mix both kinds. Pictures on text pages are recorded with their
position (seals, signatures) but not OCR'd: no check reads text from them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFPasswordIncorrect

from extractors._pdfium_objects import objects_for
from extractors._pdflayout import merge_page_tables, page_content, renumber_tables
from extractors.marks import (
    PAGE_SEAL_DPI,
    has_signature_place,
    marks_on_page,
    page_may_hold_seal,
    seals_on_page,
)
from extractors.seal_text import RingReader
from pipeline.core.errors import UnreadableFileError
from pipeline.core.model import (
    ContentItem,
    DateMark,
    Document,
    Image,
    Location,
    PageRoute,
    ScanPage,
    SealMark,
    SignatureMark,
)
from pipeline.core.settings import Settings

MIN_TEXT_CHARS = 10  # fewer real characters: not a text page
MAX_GARBAGE_SHARE = 0.3  # more unmapped glyphs than this: the text layer is unusable
SCAN_IMAGE_SHARE = 0.6  # a picture covering this much of the page …
SCAN_MAX_TEXT_CHARS = 200  # … with fewer characters than this is a scan with a caption
MIN_VECTOR_OBJECTS = 20  # fewer drawn shapes than this and no text: a blank page (a frame)


def _garbage(text: str) -> bool:
    if text.startswith("(cid:") or text == "\ufffd":
        return True
    return any("\ue000" <= ch <= "\uf8ff" or (ord(ch) < 32 and ch not in "\t\n\r") for ch in text)


def _image_share(page: pdfplumber.page.Page) -> float:
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for img in page.images:
        x0, x1 = max(img["x0"], 0), min(img["x1"], float(page.width))
        top, bottom = max(img["top"], 0), min(img["bottom"], float(page.height))
        covered = max(covered, max(x1 - x0, 0) * max(bottom - top, 0))
    return covered / area


def route_page(page: pdfplumber.page.Page) -> PageRoute:
    """'text', 'ocr' or 'blank', with the reason in Chinese (shown by `yushen inspect`)."""
    chars = [c for c in page.chars if not c.get("text", "").isspace()]
    bad = sum(1 for c in chars if _garbage(c.get("text", "")))
    good = len(chars) - bad
    picture = _image_share(page)
    number = page.page_number
    if chars and bad / len(chars) > MAX_GARBAGE_SHARE:
        return PageRoute(page=number, route="ocr",
                         reason=f"文字层不可用（{bad}/{len(chars)} 个字符无编码映射）")
    if good >= MIN_TEXT_CHARS and not (picture >= SCAN_IMAGE_SHARE
                                       and good < SCAN_MAX_TEXT_CHARS):
        return PageRoute(page=number, route="text", reason=f"文字层 {good} 字")
    if picture >= 0.2 or bad:
        return PageRoute(page=number, route="ocr",
                         reason=f"扫描页（图片占页面 {picture:.0%}，文字层 {good} 字）")
    drawn = len(page.curves) + len(page.rects) + len(page.lines)
    if drawn >= MIN_VECTOR_OBJECTS or page.images or good:
        # glyphs drawn as outlines ("print to PDF" of a web page) or small pictures
        return PageRoute(page=number, route="ocr",
                         reason=f"无可用文字层（图形 {drawn} 个、图片 {len(page.images)} 张）")
    return PageRoute(page=number, route="blank", reason="空白页")


def _embedded_images(page: pdfplumber.page.Page, name: str) -> list[Image]:
    out: list[Image] = []
    for n, img in enumerate(page.images, start=1):
        stream: Any = img.get("stream")
        try:
            raw = stream.get_rawdata() if stream is not None else b""
        except Exception:  # a broken image stream is not a reason to lose the page
            raw = b""
        digest = hashlib.sha256(raw or f"{name}:{page.page_number}:{n}".encode()).hexdigest()
        width, height = img.get("srcsize", (None, None))
        out.append(Image(name=f"{name}#page={page.page_number}&image={n}", sha256=digest,
                         content_type="image/pdf-xobject", width_px=width, height_px=height,
                         placement="pdf",
                         location=Location(file=name, page=page.page_number,
                                           bbox=(img["x0"], img["top"], img["x1"],
                                                 img["bottom"]))))
    return out


def _is_password_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, PDFPasswordIncorrect) or any(
                isinstance(a, PDFPasswordIncorrect) for a in getattr(seen, "args", ())):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _picture(page, dpi: int, fast: pdfium.PdfDocument | None):  # noqa: ANN001, ANN202
    """The page rendered by pdfium, from the document already open (`page.to_image` would
    open the file again for every page), as pdfplumber renders it: no smoothing, RGB.
    A file pdfminer parses but pdfium cannot load (bench/fuzz.py found one) is damaged for
    most viewers too: reading only its text would miss its seals."""
    from pdfplumber.utils.exceptions import MalformedPDFException

    try:
        if fast is None:
            return page.to_image(resolution=dpi).original
        return fast[page.page_number - 1].render(
            scale=dpi / 72, no_smoothtext=True, no_smoothpath=True, no_smoothimage=True,
            prefer_bgrx=True).to_pil().convert("RGB")
    except (MalformedPDFException, pdfium.PdfiumError) as exc:
        raise UnreadableFileError(f"PDF 文件已损坏：页面无法显示（{str(exc)[:120]}）") from exc


def _scan_page(page: pdfplumber.page.Page, picture: Any, dpi: int) -> ScanPage:
    """The page's legibility as scanned: its text rows measured on the rendering, scaled
    down to the resolution of the picture it is made of (rendering a 50 dpi scan at 300 dpi
    enlarges its blur, not its detail)."""
    from extractors.ocr import text_row_height

    rows = text_row_height(picture)
    largest = max(page.images, key=lambda i: (i["x1"] - i["x0"]) * (i["bottom"] - i["top"]),
                  default=None)
    if largest is None or not largest.get("srcsize") or largest["x1"] <= largest["x0"]:
        return ScanPage(page=page.page_number, text_px=rows)
    own = float(largest["srcsize"][0]) / ((largest["x1"] - largest["x0"]) / 72)
    return ScanPage(page=page.page_number, text_px=round(rows * min(1.0, own / dpi)),
                    dpi=round(own, 1))


def _pdfium_document(path: Path) -> pdfium.PdfDocument | None:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None  # pdfminer alone reads it; rendering will tell if it is damaged


def _read_with_pdfium(page: pdfplumber.page.Page, fast: pdfium.PdfDocument | None) -> None:
    """Give the page its objects from pdfium (extractors._pdfium_objects: the same objects,
    read about ten times faster); pages it does not cover stay with pdfminer."""
    if fast is None or page.page_number > len(fast):
        return
    try:
        objects = objects_for(page, fast[page.page_number - 1])
    except Exception:  # noqa: BLE001 — only a faster way: pdfminer reads what it cannot
        objects = None
    if objects is not None:
        page._objects = objects  # pdfplumber's cache of parsed objects


def extract_pdf(path: Path, name: str, sha256: str, settings: Settings) -> Document:
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfplumber wraps pdfminer's many error types
        if _is_password_error(exc):
            raise UnreadableFileError("PDF 文件已加密（设置了打开密码），无法读取") from exc
        raise UnreadableFileError(f"PDF 文件已损坏：{str(exc)[:150] or type(exc).__name__}") from exc
    content: list[ContentItem] = []
    images: list[Image] = []
    routes: list[PageRoute] = []
    ocr_pages: list[int] = []
    skipped: list[int] = []
    partial: list[int] = []
    seals: list[SealMark] = []
    signatures: list[SignatureMark] = []
    dates: list[DateMark] = []
    scan_pages: list[ScanPage] = []
    rings = RingReader(settings.ocr_languages, settings.ocr_cache_dir,
                       settings.ocr_ring_engine)
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:  # pdfminer raises many unrelated types on broken files
            raise UnreadableFileError(f"PDF 文件已损坏：{str(exc)[:150]}") from exc
        fast = _pdfium_document(path)
        for page in pages:
            number = page.page_number
            _read_with_pdfium(page, fast)
            route = route_page(page)
            routes.append(route)
            if route.route == "text":
                items = page_content(page, name, number, 1)
                images.extend(_embedded_images(page, name))
                drawn = page_may_hold_seal(page)
                picture = _picture(page, PAGE_SEAL_DPI, fast) if drawn else None
                if picture is not None:
                    seals.extend(seals_on_page(picture, name, number, rings,
                                               72 / PAGE_SEAL_DPI, "pt"))
                if has_signature_place(items):
                    if picture is None and (page.images or page.curves):
                        picture = _picture(page, PAGE_SEAL_DPI, fast)
                    signed, dated = marks_on_page(picture, items, 72 / PAGE_SEAL_DPI, "pt",
                                                  text_layer=True)
                    signatures.extend(signed)
                    dates.extend(dated)
            elif route.route == "ocr":
                if len(ocr_pages) >= settings.ocr_max_pages:
                    skipped.append(number)
                    continue
                from extractors.ocr import ocr_page_read
                from extractors.scan import page_image

                picture = _picture(page, settings.ocr_dpi, fast)
                scan_pages.append(_scan_page(page, picture, settings.ocr_dpi))
                images.append(page_image(picture, name, number))
                items, partly = ocr_page_read(picture, name, number, settings,
                                              scale=72 / settings.ocr_dpi)
                if partly:
                    partial.append(number)
                page_seals = seals_on_page(picture, name, number, rings,
                                           72 / settings.ocr_dpi, "pt")
                seals.extend(page_seals)
                if settings.ocr_labels_beside_seals:
                    from extractors.labels import labels_beside_seals

                    items += labels_beside_seals(picture, items, page_seals,
                                                 72 / settings.ocr_dpi, name, number,
                                                 settings.ocr_cache_dir)
                signed, dated = marks_on_page(picture, items, 72 / settings.ocr_dpi, "pt",
                                              text_layer=False)
                signatures.extend(signed)
                dates.extend(dated)
                ocr_pages.append(number)
            else:
                continue
            content.extend(items)
            page.flush_cache()  # pdfplumber keeps every parsed object otherwise
        if fast is not None:
            fast.close()
    rings.read()
    content = merge_page_tables(content)
    renumber_tables(content, 1)
    return Document(file=name, sha256=sha256, kind="pdf", pages=len(pages), content=content,
                    page_width=float(pages[0].width) if pages else None, images=images, ocr_pages=ocr_pages, page_routes=routes,
                    skipped_pages=skipped, partial_pages=partial, seals=seals,
                    signatures=signatures, dates=dates, scan_pages=scan_pages)
