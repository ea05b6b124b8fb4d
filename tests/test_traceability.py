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
