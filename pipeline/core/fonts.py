"""Font identity and Chinese type sizes (FACTS.md, "Fonts by name" and "字号").

One alias table maps every spelling a file may carry (Chinese name, PostScript or
English name, PDF base name) to one canonical Chinese name. Whether a look-alike counts
as the font the forms ask for is a policy (FONT_EQUIVALENTS), not an alias.
"""

from __future__ import annotations

import re

_ALIASES: dict[str, tuple[str, ...]] = {
    "宋体": ("SimSun", "宋体-简", "Song", "SimSun-ExtB"),
    "新宋体": ("NSimSun",),
    "黑体": ("SimHei", "Hei"),
    "仿宋": ("FangSong", "仿宋体"),
    "仿宋_GB2312": ("FangSong_GB2312", "仿宋GB2312"),
    "楷体": ("KaiTi", "楷体体"),
    "楷体_GB2312": ("KaiTi_GB2312", "楷体GB2312"),
    "华文宋体": ("STSong",),
    "华文仿宋": ("STFangsong",),
    "华文楷体": ("STKaiti",),
    "华文中宋": ("STZhongsong",),
    "华文细黑": ("STXihei",),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "FZXBSJW--GB1-0", "方正小标宋_GBK", "FZXBSK--GBK1-0"),
    "方正书宋简体": ("FZShuSong-Z01S", "FZSSJW--GB1-0"),
    "方正黑体简体": ("FZHei-B01S", "FZHTJW--GB1-0"),
    "方正仿宋简体": ("FZFangSong-Z02S", "FZFSJW--GB1-0"),
    "方正楷体简体": ("FZKai-Z03S", "FZKTJW--GB1-0"),
    "方正书宋_GBK": ("FZSSK--GBK1-0",),
    "方正黑体_GBK": ("FZHTK--GBK1-0",),
    "方正仿宋_GBK": ("FZFSK--GBK1-0",),
    "方正楷体_GBK": ("FZKTK--GBK1-0",),
    "方正宋体": ("FZSONGS--GB1-5", "FZSongS"),
    "Times New Roman": ("TimesNewRoman", "TimesNewRomanPS", "Times-Roman", "Times"),
    "Arial": ("ArialMT", "Helvetica"),
    "Noto Sans CJK SC": ("NotoSansCJKsc", "NotoSansCJKjp", "NotoSansCJKjp-VKana",
                         "NotoSansCJKsc-VKana", "Noto Sans CJK JP"),
    "Noto Serif CJK SC": ("NotoSerifCJKsc", "NotoSerifCJKjp", "NotoSerifCJKjp-VKana"),
    "微软雅黑": ("Microsoft YaHei", "MicrosoftYaHei"),
    "等线": ("DengXian",),
    "等线 Light": ("DengXian Light",),
}

_CANONICAL: dict[str, str] = {}
for _name, _others in _ALIASES.items():
    for _alias in (_name, *_others):
        _CANONICAL[_alias.lower().replace(" ", "")] = _name

# Look-alikes accepted for a required font, with the severity of the remark they earn.
# 仿宋_GB2312 is a different font from 仿宋 (FACTS.md) but the usual one on government
# computers; by default it passes with a notice.
FONT_EQUIVALENTS: dict[str, dict[str, str]] = {
    "仿宋": {"仿宋_GB2312": "notice"},
    "宋体": {},
}

_SUBSET = re.compile(r"^[A-Z]{6}\+")


def canonical_font(name: str | None) -> str | None:
    """'FangSong_GB2312', 'ABCDEF+SimSun,Bold' → '仿宋_GB2312', '宋体'."""
    if not name:
        return None
    clean = _SUBSET.sub("", name.strip())
    clean = re.sub(r"[,-](Bold|Italic|BoldItalic|Regular)$", "", clean)
    return _CANONICAL.get(clean.lower().replace(" ", ""), clean)


def font_matches(actual: str | None, required: str, accept_lookalikes: bool = True
                 ) -> str | None:
    """'ok' when `actual` is the required font, a severity when it is an accepted
    look-alike (and look-alikes are accepted), None when it is another font."""
    canon = canonical_font(actual)
    if canon == required:
        return "ok"
    if not accept_lookalikes:
        return None
    return FONT_EQUIVALENTS.get(required, {}).get(canon or "")


ZIHAO: dict[float, str] = {
    42: "初号", 36: "小初", 26: "一号", 24: "小一", 22: "二号", 18: "小二", 16: "三号", 15: "小三",
    14: "四号", 12: "小四", 10.5: "五号", 9: "小五", 7.5: "六号", 6.5: "小六", 5.5: "七号", 5: "八号",
}


def size_name(size_pt: float | None) -> str:
    """16 → '三号'; 13 → '13磅'."""
    if size_pt is None:
        return "未知字号"
    name = ZIHAO.get(round(size_pt * 2) / 2)
    return name or f"{size_pt:g}磅"
