"""The report templates' heading outlines, read from the edition's outlines.toml."""

from __future__ import annotations

from functools import lru_cache

from pipeline.forms.chapters import HeadingSpec
from pipeline.forms.edition import Edition

INDENT = 2  # spaces per level in outlines.toml


def parse_outline(text: str) -> tuple[HeadingSpec, ...]:
    """An indented outline ("A | B": the heading A, also written B) as a tree of specs."""
    entries: list[tuple[int, str, tuple[str, ...]]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent % INDENT:
            raise ValueError(f"大纲缩进应为{INDENT}的倍数：{line!r}")
        title, *aliases = (name.strip() for name in line.split("|"))
        entries.append((indent // INDENT + 1, title, tuple(aliases)))

    def build(start: int, level: int) -> tuple[tuple[HeadingSpec, ...], int]:
        nodes: list[HeadingSpec] = []
        i = start
        while i < len(entries) and entries[i][0] >= level:
            at, title, aliases = entries[i]
            if at > level:
                raise ValueError(f"大纲层级跳跃：“{title}”")
            children, i = build(i + 1, level + 1)
            nodes.append(HeadingSpec(title, level, children, aliases))
        return tuple(nodes), i

    tree, _ = build(0, 1)
    return tree


def _merged(trees: list[tuple[HeadingSpec, ...]]) -> tuple[HeadingSpec, ...]:
    """The first tree, each heading also matched by the names the other trees give it at the
    same place (the templates of the three B categories have one shape)."""
    first, *others = trees
    out = []
    for n, spec in enumerate(first):
        peers = [tree[n] for tree in others if n < len(tree)]
        names = [spec.title, *spec.aliases]
        for peer in peers:
            names += [name for name in (peer.title, *peer.aliases) if name not in names]
        children = _merged([spec.children, *[p.children for p in peers]])
        out.append(HeadingSpec(spec.title, spec.level, children, tuple(names[1:])))
    return tuple(out)


@lru_cache(maxsize=8)
def a_report_outline(edition: Edition) -> tuple[HeadingSpec, ...]:
    """市场质量信用工作报告: its chapters."""
    return parse_outline(edition.outlines.a_report)


@lru_cache(maxsize=32)
def b_report_outline(edition: Edition, category: str | None) -> tuple[HeadingSpec, ...]:
    """实践报告 template of a B category; when the category is unknown, the first template
    with every template's names accepted."""
    templates = edition.outlines.b_report
    if category in templates:
        return parse_outline(templates[category])
    return _merged([parse_outline(text) for text in templates.values()])
