"""Packet variations, scheme B: the suite of tests/test_variants_a.py on B1 (complete) and
B2 (defective); a module of its own so the two schemes run on two test processes."""

from __future__ import annotations

import pytest

from tests.variants import VariantSuite, suite_tests

pytestmark = pytest.mark.slow


class Suite(VariantSuite):
    scheme, defective, builder = "B", "B2_产品类_四星_缺陷", "build_b1"


globals().update(suite_tests(Suite))
