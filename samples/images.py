"""Images for the samples: red round seals with ring text, and a 营业执照 page."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

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
