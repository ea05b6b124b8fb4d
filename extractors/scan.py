"""Scans and photos (JPEG, PNG, TIFF, BMP, WebP; multi-page TIFF): OCR page by page."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from extractors._pdflayout import merge_page_tables, renumber_tables
from extractors.labels import labels_beside_seals
from extractors.marks import marks_on_page, seals_on_page
from extractors.ocr import ocr_page_read, text_row_height
from extractors.seal_text import RingReader
from pipeline.core.errors import UnreadableFileError
from pipeline.core.model import (
    ContentItem,
    DateMark,
    Document,
    Image,
    Location,
    ScanPage,
    SealMark,
    SignatureMark,
)
from pipeline.core.settings import Settings


def page_image(image: PILImage.Image, name: str, page_no: int) -> Image:
    """The page picture itself, so seal and signature detectors can find it (issue 5)."""
    return Image(name=f"{name}#page={page_no}",
                 sha256=hashlib.sha256(image.tobytes()).hexdigest(), content_type="image/raster",
                 width_px=image.width, height_px=image.height, placement="page",
                 location=Location(file=name, page=page_no,
                                   bbox=(0, 0, float(image.width), float(image.height))))


def extract_image(path: Path, name: str, sha256: str, kind: str, settings: Settings) -> Document:
    if kind == "heic":
        raise UnreadableFileError("HEIC 格式照片暂不支持，请转换为 JPG 或 PDF 后提交")
    content: list[ContentItem] = []
    images: list[Image] = []
    skipped: list[int] = []
    partial: list[int] = []
    seals: list[SealMark] = []
    signatures: list[SignatureMark] = []
    dates: list[DateMark] = []
    scan_pages: list[ScanPage] = []
    rings = RingReader(settings.ocr_languages, settings.ocr_cache_dir,
                       settings.ocr_ring_engine)
    try:
        with warnings.catch_warnings():  # the size is judged below, against our own limit
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            opened = PILImage.open(path)
        with opened as img:
            width, height = img.size  # from the header: nothing is decoded yet
            if width * height > settings.max_image_pixels:
                raise UnreadableFileError(
                    f"图片尺寸 {width}×{height} 像素，超过上限 {settings.max_image_pixels:,} 像素"
                    "（疑似“解压炸弹”或异常文件），未读取；请提交正常分辨率的扫描件")
            img.load()
            frames = getattr(img, "n_frames", 1)
            next_table = 1
            for page in range(frames):
                if page >= settings.ocr_max_pages:
                    skipped.append(page + 1)
                    continue
                img.seek(page)
                # phones store the camera's orientation in EXIF instead of turning the pixels
                frame = ImageOps.exif_transpose(img.copy())
                images.append(page_image(frame, name, page + 1))
                scan_pages.append(ScanPage(page=page + 1, text_px=text_row_height(frame)))
                items, partly = ocr_page_read(frame, name, page + 1, settings)
                if partly:
                    partial.append(page + 1)
                page_seals = seals_on_page(frame, name, page + 1, rings)
                seals.extend(page_seals)
                if settings.ocr_labels_beside_seals:
                    items += labels_beside_seals(frame, items, page_seals, 1.0, name, page + 1,
                                                 settings.ocr_cache_dir)
                signed, dated = marks_on_page(frame, items, 1.0, "px", text_layer=False)
                signatures.extend(signed)
                dates.extend(dated)
                next_table = renumber_tables(items, next_table)
                content.extend(items)
    except (UnidentifiedImageError, OSError, PILImage.DecompressionBombError) as exc:
        raise UnreadableFileError(f"图片文件已损坏或无法识别：{str(exc)[:150]}") from exc
    rings.read()
    content = merge_page_tables(content)  # a form scanned over several TIFF pages
    renumber_tables(content, 1)
    read = [p for p in range(1, frames + 1) if p not in skipped]
    return Document(file=name, sha256=sha256, kind="image", pages=frames, content=content,
                    images=images, ocr_pages=read, skipped_pages=skipped, partial_pages=partial,
                    seals=seals,
                    signatures=signatures, dates=dates, scan_pages=scan_pages)
