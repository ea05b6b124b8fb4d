"""Every requirement ID has a rule, or is listed here as pending with the issue that brings it.

The list shrinks as work lands; a new rule must take its ID off it, and an ID may not be
pending and implemented at once.
"""

from __future__ import annotations

import re

import pytest

from checks.registry import all_rules
from tests.conftest import CORPUS

REQUIREMENTS = CORPUS.parent / "reference" / "REQUIREMENTS.md"

PENDING: dict[str, str] = {}


@pytest.mark.skipif(not REQUIREMENTS.exists(), reason="shared/reference not present")
def test_every_requirement_has_a_rule_or_is_pending() -> None:
    ids = set(re.findall(r"^- ([GAB]-[A-Z]*-?\d+)", REQUIREMENTS.read_text(encoding="utf-8"), re.M))
    implemented = {r.id for r in all_rules()}
    assert not set(PENDING) & implemented, "implemented IDs must leave PENDING"
    assert ids - implemented == set(PENDING)


def _test_sources() -> str:
    """All test code but this file: where a rule's failing examples are asserted."""
    from pathlib import Path

    here = Path(__file__).resolve()
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(here.parent.glob("test_*.py"))
                     if p != here)


def _expected_ids() -> dict[str, list[str]]:
    import json

    from tests.conftest import SAMPLES

    return {p.stem: json.loads(p.read_text(encoding="utf-8"))["expected_rule_ids"]
            for p in sorted((SAMPLES / "expected").glob("*.json"))}


def test_every_rule_has_a_passing_and_a_failing_example_under_test() -> None:
    """Passing: each scheme has a complete sample packet whose expected deficiency list is
    empty (tests/test_samples_e2e.py asserts it exactly), so every rule of that scheme runs
    on it and passes. Failing: each rule ID is asserted in some test, or is expected on a
    defective sample packet (also asserted exactly by the end-to-end test)."""
    expected = _expected_ids()
    complete = {name[0] for name, ids in expected.items() if not ids}
    assert complete >= {"A", "B"}, expected
    sources = _test_sources()
    on_samples = {rule_id for ids in expected.values() for rule_id in ids}
    untested = []
    for r in all_rules():
        asserted = re.search(rf"[\"']{re.escape(r.id)}[\"']", sources) is not None
        if not (asserted or r.id in on_samples):
            untested.append(r.id)
    assert untested == [], f"rules with no failing example under test: {untested}"
