"""Every rule's cases, run by one test (issue 22, item 8), in the manner of sqlfluff's YAML
test cases: checks/cases/<ID>.yml lists named cases, each failing or passing, with the
findings expected of that rule alone.

A case is a sample packet as yushen read it with named edits applied (samples/edits.py:
a field filled otherwise, a paragraph deleted, a seal missing …; the rule then runs on the
edited model alone), or, for the rules that judge the files themselves, a small packet of
files (intake and reading run for real). `expect` lists the rule's findings: a text each
message must contain, optionally with its severity; [] means the rule finds nothing.

The rules' docstrings name one failing and one passing example: each is the description
of a case (marked `example: failing` / `example: passing`), so the examples in the rule
reference (docs/rules.md) are cases that run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from checks.docs import doc_sections
from checks.registry import Context, all_rules, get_rule
from pipeline.core.result import Deficiency
from pipeline.core.settings import Settings
from pipeline.engine.run import check_path
from samples.edits import apply_edits, write_case_files
from samples.generate import PACKETS
from tests.conftest import checked_sample

ROOT = Path(__file__).resolve().parent.parent
CASE_DIR = ROOT / "checks" / "cases"


def _case_files() -> dict[str, dict[str, Any]]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(CASE_DIR.glob("*.yml"))}


def _params() -> list[Any]:
    return [pytest.param(rule_id, case, id=f"{rule_id}:{case['name']}")
            for rule_id, data in _case_files().items() for case in data["cases"]]


def _sample(prefix: str) -> Path:
    return next(p for p in PACKETS.iterdir() if p.name.startswith(prefix + "_"))


def _findings(rule_id: str, case: dict[str, Any], tmp_path: Path) -> list[Deficiency]:
    settings = Settings(**case.get("settings", {}))
    if "files" in case:
        write_case_files(tmp_path / "packet", case["files"])
        _, result = check_path(tmp_path / "packet", settings)
        return [d for d in result.deficiencies if d.rule_id == rule_id]
    packet, _ = checked_sample(_sample(case["base"]))
    edited = apply_edits(packet, case.get("edits", []))
    rule = get_rule(rule_id)
    return list(rule.run(edited, Context(settings=settings))) if rule.applies_to(edited) else []


def _matches(found: Deficiency, want: str | dict[str, str]) -> bool:
    if isinstance(want, str):
        return want in found.message
    return want["message"] in found.message and found.severity == want.get("severity",
                                                                            found.severity)


@pytest.mark.parametrize(("rule_id", "case"), _params())
def test_rule_case(rule_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    found = _findings(rule_id, case, tmp_path)
    shown = "\n".join(f"  {d.severity}: {d.message}" for d in found) or "  (none)"
    expected = case["expect"]
    assert len(found) == len(expected), f"{case['description']}\nfound:\n{shown}"
    left = list(found)
    for want in expected:
        hit = next((d for d in left if _matches(d, want)), None)
        assert hit is not None, f"{case['description']}: no finding {want!r}\nfound:\n{shown}"
        left.remove(hit)


def test_every_rule_has_failing_and_passing_cases() -> None:
    files = _case_files()
    rules = {r.id for r in all_rules()}
    assert set(files) == rules, f"without cases: {sorted(rules - set(files))}; " \
                                f"cases of no rule: {sorted(set(files) - rules)}"
    for rule_id, data in files.items():
        kinds = {bool(case["expect"]) for case in data["cases"]}
        assert kinds == {True, False}, f"{rule_id}: needs a failing and a passing case"
        names = [case["name"] for case in data["cases"]]
        assert len(names) == len(set(names)), f"{rule_id}: case names repeat"


@pytest.mark.parametrize("rule_id", sorted(_case_files()))
def test_the_docstring_examples_are_cases(rule_id: str) -> None:
    sections = doc_sections(get_rule(rule_id))
    cases = _case_files()[rule_id]["cases"]
    for kind, heading in (("failing", "Failing example"), ("passing", "Passing example")):
        marked = [c for c in cases if c.get("example") == kind]
        assert len(marked) == 1, f"{rule_id}: mark one case `example: {kind}`"
        assert bool(marked[0]["expect"]) == (kind == "failing")
        assert " ".join(marked[0]["description"].split()) == sections[heading], \
            f"{rule_id}: the docstring's {heading} is not its case's description"
