"""Scans and photos, first version: tesseract (chi_sim+eng) into line blocks with boxes.

Issue 4 adds preprocessing (orientation, deskew, red removal) and table cells from ruling
lines; this version OCRs the page as it is.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytesseract
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from pipeline.errors import MissingDependencyError, UnreadableFileError
from pipeline.model import Block, Document, Image, Location
from pipeline.settings import Settings

# tesseract puts spaces between CJK characters; Chinese text has none.
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def join_cjk(text: str) -> str:
    return _CJK_GAP.sub("", text)


def ocr_image(image: PILImage.Image, name: str, page_no: int, settings: Settings) -> list[Block]:
    try:
        data = pytesseract.image_to_data(image.convert("RGB"), lang=settings.ocr_languages,
                                         config="--oem 1 --psm 3",
                                         output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError as exc:
        raise MissingDependencyError("找不到 tesseract：请运行 bash scripts/setup.sh。") from exc
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip():
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append(i)
    blocks: list[Block] = []
    for idx in lines.values():
        text = join_cjk(" ".join(data["text"][i] for i in idx))
        x0 = min(data["left"][i] for i in idx)
        top = min(data["top"][i] for i in idx)
        x1 = max(data["left"][i] + data["width"][i] for i in idx)
        bottom = max(data["top"][i] + data["height"][i] for i in idx)
        conf = [float(data["conf"][i]) for i in idx if float(data["conf"][i]) >= 0]
        blocks.append(Block(text=text, location=Location(file=name, page=page_no,
                                                         bbox=(x0, top, x1, bottom)),
                            confidence=sum(conf) / len(conf) if conf else None))
    return blocks


def page_image(image: PILImage.Image, name: str, page_no: int) -> Image:
    """The page picture itself, so seal and signature detectors can find it (issue 5)."""
    return Image(name=f"{name}#page={page_no}",
                 sha256=hashlib.sha256(image.tobytes()).hexdigest(), content_type="image/raster",
                 width_px=image.width, height_px=image.height,
                 location=Location(file=name, page=page_no,
                                   bbox=(0, 0, float(image.width), float(image.height))))


def extract_image(path: Path, name: str, sha256: str, kind: str, settings: Settings) -> Document:
    if kind == "heic":
        raise UnreadableFileError("HEIC 格式照片暂不支持，请转换为 JPG 或 PDF 后提交")
    try:
        with PILImage.open(path) as img:
            img.load()
            frames = getattr(img, "n_frames", 1)
            blocks: list[Block] = []
            images: list[Image] = []
            pages = min(frames, settings.ocr_max_pages)
            for page in range(pages):
                img.seek(page)
                frame = img.copy()
                images.append(page_image(frame, name, page + 1))
                blocks.extend(ocr_image(frame, name, page + 1, settings))
    except (UnidentifiedImageError, OSError, PILImage.DecompressionBombError) as exc:
        raise UnreadableFileError(f"图片文件已损坏或无法识别：{str(exc)[:150]}") from exc
    return Document(file=name, sha256=sha256, kind="image", pages=frames, content=list(blocks),
                    images=images, ocr_pages=list(range(1, pages + 1)))
