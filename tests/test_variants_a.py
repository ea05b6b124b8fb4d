"""Packet variations, scheme A (issue 18): every meaning-preserving change in
tests/variants.py, alone and in seeded combinations, on the complete sample A1 (no error or
warning may appear) and on the defective sample A2 (its seeded defects are still found and
no other error or warning appears). A failure names the changes and the rule."""

from __future__ import annotations

import pytest

from tests.variants import VariantSuite, suite_tests

pytestmark = pytest.mark.slow


class Suite(VariantSuite):
    scheme, defective, builder = "A", "A2_质量信用_AAA_缺陷", "build_a1"


globals().update(suite_tests(Suite))
