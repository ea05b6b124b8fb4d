"""Generate the rule reference (docs/rules.md) from the registry, as sqlfluff and ruff do."""

from __future__ import annotations

import re

from checks.registry import DOC_HEADINGS, Rule, all_rules
from pipeline.core.result import SEVERITY_ZH


def doc_sections(rule: Rule) -> dict[str, str]:
    """Split a rule docstring into its fixed headings; raises if one is missing."""
    text = " ".join(line.strip() for line in rule.doc.splitlines())
    pattern = "|".join(re.escape(h) for h in DOC_HEADINGS)
    pieces = re.split(rf"({pattern}) ?(?:\([^)]*\))?:", text)
    sections: dict[str, str] = {}
    for i in range(1, len(pieces) - 1, 2):
        sections.setdefault(pieces[i], "")
        sections[pieces[i]] = (sections[pieces[i]] + " " + pieces[i + 1].strip()).strip()
    missing = [h for h in DOC_HEADINGS if h not in sections]
    if missing:
        raise ValueError(f"rule {rule.id}: docstring lacks {', '.join(missing)}")
    return sections


def rules_markdown() -> str:
    rules = all_rules()
    out = ["# yushen 规则参考", "",
           "本页由 `yushen rules --write docs/rules.md` 从规则注册表生成，请勿手改。", "",
           "| ID | 名称 | 默认级别 | 默认把握 | 适用 |", "| --- | --- | --- | --- | --- |"]
    for r in rules:
        schemes = "、".join(s for s in sorted(r.schemes) if s != "?")
        out.append(f"| [{r.id}](#{r.id.lower()}) | {r.name} | {SEVERITY_ZH[r.severity]} | {r.confidence:.0%} | {schemes} |")
    for r in rules:
        s = doc_sections(r)
        out += ["", f"## {r.id}", "", f"**{r.name}** · 默认级别：{SEVERITY_ZH[r.severity]} · 默认把握：{r.confidence:.0%}"
                + (f" · 部分：{r.part}" if r.part else ""), "", f"> {r.clause}", ""]
        for heading in DOC_HEADINGS:
            out.append(f"- **{heading}:** {s[heading]}")
    return "\n".join(out) + "\n"
