"""Deterministic Chinese filler text of an exact length for sample reports.

Only CJK ideographs and the full-width marks ，。、 are used, so each character is one
字 by Word's rule and a paragraph of n characters is exactly n 字 — the sample lengths
are known without running yushen's own counter.
"""

from __future__ import annotations

import random

SUBJECTS = ["公司", "企业", "我们", "各部门", "项目团队", "质量管理部", "客户服务中心", "一线员工",
            "管理层", "运营中心"]
VERBS = ["坚持", "持续推进", "不断完善", "全面落实", "系统开展", "深入实施", "积极探索", "稳步提升",
         "认真组织", "着力加强"]
OBJECTS = ["以顾客为中心的服务理念", "质量诚信体系建设", "用户需求调研与分析", "关键过程质量管控",
           "投诉处理与服务补救机制", "数字化用户关系管理", "员工教育培训", "标准化作业流程",
           "满意度测量与改进", "供应商质量协同", "安全生产责任制", "绿色低碳运营", "品牌建设",
           "信息化管理平台", "现场服务规范"]
RESULTS = ["用户满意度逐年提高", "服务质量稳步提升", "投诉率明显下降", "市场占有率持续扩大",
           "运营效率显著改善", "员工参与度不断增强", "品牌影响力日益提升", "过程输出保持稳定"]


def sentence(rng: random.Random) -> str:
    return (f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}，"
            f"{rng.choice(RESULTS)}。")


def paragraph(rng: random.Random, n_chars: int) -> str:
    """Exactly `n_chars` characters (n ≥ 2), ending with 。."""
    text = ""
    while len(text) < n_chars:
        text += sentence(rng)
    return text[: n_chars - 1] + "。"


def paragraphs(rng: random.Random, total: int, size: int = 240) -> list[str]:
    """Paragraphs of about `size` characters adding up to exactly `total` characters."""
    out: list[str] = []
    left = total
    while left > 0:
        n = min(size, left)
        if 0 < left - n < 20:  # avoid a tiny last paragraph
            n = left
        out.append(paragraph(rng, n))
        left -= n
    return out
