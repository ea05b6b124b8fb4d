"""The registry is the single source of the rule reference; every rule is documented."""

from __future__ import annotations

import re

from checks.docs import doc_sections, rules_markdown
from checks.registry import all_rules
from tests.conftest import CORPUS, ROOT

REQUIREMENTS = CORPUS.parent / "reference" / "REQUIREMENTS.md"
# IDs added by yushen (README, "新增规则"): not in REQUIREMENTS.md.
NEW_IDS = {"G-08", "G-09", "G-10"}


def test_every_rule_has_the_fixed_doc_headings_and_a_clause() -> None:
    for rule in all_rules():
        sections = doc_sections(rule)
        assert all(sections.values()), rule.id
        assert rule.clause and rule.severity in {"error", "warning", "notice"}


def test_rule_ids_come_from_requirements_or_are_documented_new_ids() -> None:
    ids = {r.id for r in all_rules()}
    if REQUIREMENTS.exists():
        known = set(re.findall(r"^- ([GAB]-[A-Z]*-?\d+)", REQUIREMENTS.read_text(encoding="utf-8"),
                               re.M))
        assert ids - NEW_IDS <= known
        assert not NEW_IDS & known
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for new_id in NEW_IDS:
        assert new_id in readme


def test_generated_rule_reference_is_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "run: yushen rules --write docs/rules.md"
