"""The change × rule table of the packet variation suite (issue 18), from the outcomes the
suite appends to out/test-artifacts/variants.jsonl:

    python bench/variants_table.py [path/to/variants.jsonl]

Only the variants of the suite as it is now count (outcomes of combinations an older list
of changes drew are left out). Per change: how many variants (alone or combined) of the
complete samples carried it and
how many gave any error or warning, and how many of the defective samples' variants carried
it and how many lost a seeded defect; then the rules that raised or lost anything."""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "out" / "test-artifacts" / "variants.jsonl"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.test_variants_a import Suite as SuiteA
    from tests.test_variants_b import Suite as SuiteB

    current = {(base, names) for suite in (SuiteA, SuiteB)
               for base, cases in ((suite.builder, suite.singles() + suite.combos()),
                                   (suite.defective, suite.singles() + suite.combos()[:10]))
               for names in cases}
    latest = {(r["base"], tuple(r["changes"])): r for r in rows  # a rerun replaces a run
              if (r["base"], tuple(r["changes"])) in current}
    table: dict[str, Counter] = defaultdict(Counter)
    rules_extra: Counter = Counter()
    rules_missed: Counter = Counter()
    for (base, changes), r in latest.items():
        complete = base in ("build_a1", "build_b1", "A1", "B1")
        for change in changes:
            counts = table[change]
            counts["complete" if complete else "defective"] += 1
            if complete and (r["serious"] or r["extra"]):
                counts["false alarm"] += 1
            if not complete and r["missed"]:
                counts["lost"] += 1
            if not complete and r["extra"]:
                counts["false alarm (defective)"] += 1
        rules_extra.update(r["extra"] if not complete else r["serious"])
        rules_missed.update(r["missed"])
    bases = Counter("complete" if b in ("build_a1", "build_b1", "A1", "B1") else "defective"
                    for b, _ in latest)
    print(f"{len(latest)} variants: {bases['complete']} of complete samples, "
          f"{bases['defective']} of defective samples")
    print(f"{'change':<28}{'complete':>9}{'err/warn':>9}{'defective':>10}{'lost':>6}{'extra':>6}")
    for change in sorted(table):
        c = table[change]
        print(f"{change:<28}{c['complete']:>9}{c['false alarm']:>9}{c['defective']:>10}"
              f"{c['lost']:>6}{c['false alarm (defective)']:>6}")
    print("rules with an error or warning on a complete variant, or beyond the seeded ones:",
          dict(rules_extra) or "none")
    print("seeded defects lost:", dict(rules_missed) or "none")


if __name__ == "__main__":
    main()
