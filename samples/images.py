"""Images for the samples: red round seals with ring text, and a 营业执照 page."""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
SEAL_RED = (220, 30, 35, 255)


def font(size: int) -> ImageFont.FreeTypeFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    raise FileNotFoundError("fonts-noto-cjk is not installed (bash scripts/setup.sh)")


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.38
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=SEAL_RED)


def seal(name: str, size: int = 400, label: str = "") -> Image.Image:
    """A round company seal: ring, star, the name along the upper arc, a label below."""
    img = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    c = size / 2
    width = max(6, size // 40)
    draw.ellipse((width, width, size - width, size - width), outline=SEAL_RED, width=width)
    _star(draw, c, c, size * 0.14)
    char_size = int(size * 0.12)
    f = font(char_size)
    radius = size / 2 - width * 2 - char_size * 0.7
    span = min(math.radians(250), math.radians(22) * len(name))
    for i, ch in enumerate(name):
        angle = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(name)
        tile = Image.new("RGBA", (char_size * 2, char_size * 2), (255, 255, 255, 0))
        ImageDraw.Draw(tile).text((char_size, char_size), ch, font=f, fill=SEAL_RED, anchor="mm")
        tile = tile.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        x = c + radius * math.cos(angle) - char_size
        y = c + radius * math.sin(angle) - char_size
        img.alpha_composite(tile, (int(x), int(y)))
    if label:
        draw.text((c, c + size * 0.28), label, font=font(int(size * 0.08)), fill=SEAL_RED,
                  anchor="mm")
    return img


INK = (25, 30, 60, 255)  # blue-black ballpoint


def signature(name: str, height: int = 150) -> Image.Image:
    """A handwritten-looking signature: one flowing pen line per character, written fast
    (slanted, joined, uneven), on a transparent background."""
    rng = random.Random(sum(name.encode("utf-8")))
    width = int(height * 0.9 * max(len(name), 2))
    img = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    pen = max(3, height // 40)
    x = height * 0.15
    prev: tuple[float, float] | None = None
    for _ in name:
        points = []
        for _ in range(rng.randint(5, 8)):  # the strokes of one character, run together
            points.append((x + rng.uniform(0, height * 0.6),
                           rng.uniform(height * 0.15, height * 0.85)))
        path = _smooth([prev, *points] if prev else points)
        draw.line(path, fill=INK, width=pen, joint="curve")
        prev = points[-1]
        x += height * rng.uniform(0.55, 0.75)
    return img.rotate(8, resample=Image.BICUBIC, expand=False)


def _smooth(points: list[tuple[float, float]], steps: int = 12) -> list[tuple[float, float]]:
    """Catmull-Rom through the points: a pen does not draw corners."""
    if len(points) < 3:
        return points
    padded = [points[0], *points, points[-1]]
    out = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        for k in range(steps):
            t = k / steps
            out.append(tuple(0.5 * ((2 * p1[j]) + (-p0[j] + p2[j]) * t
                                    + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t * t
                                    + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t ** 3)
                             for j in range(2)))
    out.append(points[-1])
    return out  # type: ignore[return-value]


def grey_copy(image: Image.Image) -> Image.Image:
    """The same picture as a black-and-white photocopy shows it."""
    rgba = image.convert("RGBA")
    grey = ImageOps.grayscale(rgba.convert("RGB")).point(lambda v: min(v, 90) if v < 250 else v)
    out = grey.convert("RGBA")
    out.putalpha(rgba.getchannel("A"))
    return out


def licence_page(company: str, uscc: str, legal_rep: str, path: Path) -> None:
    """A plain 营业执照 copy as a scan-like PNG (150 dpi A4 landscape-ish page)."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((60, 60, 1180, 1694), outline=(120, 90, 40), width=8)
    draw.text((620, 260), "营业执照", font=font(110), fill="black", anchor="mm")
    lines = [f"统一社会信用代码  {uscc}", f"名称  {company}", "类型  有限责任公司",
             f"法定代表人  {legal_rep}", "成立日期  2008年05月16日", "住所  江苏省南京市建邺区江东中路一百号"]
    for i, line in enumerate(lines):
        draw.text((160, 480 + i * 110), line, font=font(46), fill="black")
    stamp = seal("南京市市场监督管理局", 360)
    page.paste(stamp, (760, 1200), stamp)
    page.save(path)
