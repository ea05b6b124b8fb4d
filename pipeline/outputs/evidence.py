"""Pictures of where a deficiency is: the page region of a seal, a signature place or a
line, cut from the original PDF or scan with the place outlined, for the HTML report."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageOps

from pipeline.core.model import ClassifiedDocument, Packet
from pipeline.core.result import CheckResult
from pipeline.core.settings import Settings
from pipeline.core.textnorm import compact

CROP_DPI = 110  # PDF pages are rendered at this resolution for a crop
MAX_WIDTH = 520  # pixels: a crop is a thumbnail beside the message, not the page
MARGIN = 0.35  # of the box's size, on each side: enough context to recognise the place


def _page_image(path: Path, kind: str, page: int, max_pixels: int
                ) -> tuple[Image.Image, float] | None:
    """The page and the factor from the box's units (pt for PDFs, px for scans) to pixels;
    None for a page larger than `max_pixels` (judged from its declared size, before any
    pixel is decoded: the same cap the extractors apply, here in the main process)."""
    if kind == "pdf":
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            if not 1 <= page <= len(pdf.pages):
                return None
            sheet = pdf.pages[page - 1]
            if sheet.width * sheet.height * (CROP_DPI / 72) ** 2 > max_pixels:
                return None
            return sheet.to_image(resolution=CROP_DPI).original.convert("RGB"), CROP_DPI / 72
    with Image.open(path) as img:
        if page > getattr(img, "n_frames", 1) or img.width * img.height > max_pixels:
            return None
        img.seek(page - 1)
        return ImageOps.exif_transpose(img.copy()).convert("RGB"), 1.0


def crop(path: Path, kind: str, page: int, box: list[float],
         max_pixels: int = Settings.model_fields["max_image_pixels"].default
         ) -> Image.Image | None:
    found = _page_image(path, kind, page, max_pixels)
    if found is None:
        return None
    image, factor = found
    x0, y0, x1, y1 = (v * factor for v in box)
    # context round the box: a share of its size, at least a little of the page
    mx = max((x1 - x0) * MARGIN, image.width * 0.12)
    my = max((y1 - y0) * MARGIN, image.height * 0.04)
    left, top = max(int(x0 - mx), 0), max(int(y0 - my), 0)
    right, bottom = min(int(x1 + mx), image.width), min(int(y1 + my), image.height)
    if right - left < 4 or bottom - top < 4:
        return None
    piece = image.crop((left, top, right, bottom))
    ImageDraw.Draw(piece).rectangle((x0 - left, y0 - top, x1 - left, y1 - top),
                                    outline=(30, 90, 220), width=3)  # blue: not a seal's red
    if piece.width > MAX_WIDTH:
        piece = piece.resize((MAX_WIDTH, round(piece.height * MAX_WIDTH / piece.width)))
    return piece


def _word_place(doc: ClassifiedDocument, paragraph: int, settings: Settings,
                laid_out: dict[str, Any]) -> tuple[Path, int, list[float]] | None:
    """A Word paragraph as LibreOffice lays it out: (rendered PDF, page, box), found by its
    text among the rendered page's paragraphs. `laid_out` keeps each file's layout read
    once for all its findings."""
    from extractors.rendered import rendered_document
    from pipeline.intake.convert import to_pdf

    block = next((b for b in doc.document.blocks() if b.location.paragraph == paragraph
                  and b.location.container == "body"), None)
    if block is None or not compact(block.text):
        return None
    if doc.source.sha256 not in laid_out:
        laid_out[doc.source.sha256] = rendered_document(doc.source, settings)
    rendered = laid_out[doc.source.sha256]
    if rendered is None:
        return None
    want = compact(block.text)[:40]
    best, best_ratio = None, 0.0
    for candidate in rendered.blocks():
        text = compact(candidate.text)
        if not text or candidate.location.bbox is None:
            continue
        ratio = 1.0 if text.startswith(want[:12]) else difflib.SequenceMatcher(
            None, want, text[: len(want)], autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    if best is None or best_ratio < 0.7 or best.location.page is None:
        return None
    pdf = to_pdf(Path(doc.source.readable_path or doc.source.stored_path), "docx",
                 doc.source.sha256, settings.rendered_dir, settings.soffice,
                 settings.libreoffice_timeout_s)  # cached: the file rendered_document read
    return pdf, best.location.page, list(best.location.bbox)  # type: ignore[arg-type]


def write_crops(result: CheckResult, packet: Packet, out_dir: Path,
                settings: Settings | None = None) -> None:
    """evidence/N.png for every deficiency with a page and a box, and (when `settings` let
    Word files be laid out) for each one at a Word paragraph; sets its `crop`."""
    documents = {d.source.name: d for d in packet.documents}
    laid_out: dict[str, Any] = {}
    cap = (settings or Settings()).max_image_pixels
    for n, deficiency in enumerate(result.deficiencies, start=1):
        doc = documents.get(deficiency.file or "")
        if doc is None:
            continue
        source = doc.source
        try:
            if deficiency.page is not None and deficiency.box:
                kind = "pdf" if source.kind == "pdf" else "image"
                piece = crop(Path(source.readable_path or source.stored_path), kind,
                             deficiency.page, deficiency.box, cap)
            elif (deficiency.paragraph is not None and doc.document.kind == "docx"
                  and settings is not None and settings.render_word_pages):
                place = _word_place(doc, deficiency.paragraph, settings, laid_out)
                piece = crop(place[0], "pdf", place[1], place[2], cap) if place else None
            else:
                continue
        except Exception:  # a crop is an aid: never lose the report over it
            piece = None
        if piece is None:
            continue
        target = out_dir / "evidence" / f"{n}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        piece.save(target)
        deficiency.crop = f"evidence/{n}.png"
