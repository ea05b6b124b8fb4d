"""Packet variations, scheme B (issue 18): every meaning-preserving change in
tests/variants.py, alone and in seeded combinations, on the complete sample B1 (no error or
warning may appear) and on the defective sample B2 (its seeded defects are still found and
no other error or warning appears). A failure names the changes and the rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.variants import CHANGES, check_variant, combinations

pytestmark = pytest.mark.slow
SCHEME = "B"
DEFECTIVE = "B2_产品类_四星_缺陷"
SINGLES = [(c.name,) for c in CHANGES if SCHEME in c.schemes]
COMBOS = combinations(SCHEME, 30, seed=18)


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from samples.generate import build_b1

    folder = tmp_path_factory.mktemp("base") / "B1"
    folder.mkdir()
    build_b1(folder)
    return folder


def _expected() -> list[str]:
    spec = json.loads(next((SAMPLES / "expected").glob(f"{DEFECTIVE[:2]}_*.json")).read_text())
    return spec["expected_rule_ids"]


@pytest.mark.parametrize("names", SINGLES + COMBOS, ids="+".join)
def test_complete_packet_stays_complete(complete: Path, tmp_path: Path, names) -> None:
    check_variant(complete, tmp_path, names, 18, None)


@pytest.mark.parametrize("names", SINGLES + COMBOS[:10], ids="+".join)
def test_seeded_defects_are_still_found(tmp_path: Path, names) -> None:
    check_variant(SAMPLES / "packets" / DEFECTIVE, tmp_path, names, 18, _expected())
