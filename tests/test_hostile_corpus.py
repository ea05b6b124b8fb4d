"""Every case of the generated hostile corpus (tests/hostile_corpus.py), beside a sound
document, through `yushen check --json` as a separate process: checked (exit 0), a Chinese
finding naming the file, the sound document still read, every original kept, nothing
written outside the work folder, and the peak memory of yushen and its children bounded."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile_corpus import CASES, ESCAPE, Case, good_file

ROOT = Path(__file__).resolve().parent.parent
PEAK_MIB = 1536  # yushen and every program it starts, at their largest
# Runs the check and reports the largest resident size among the processes it waited for
MEASURED = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
            "sys.stderr.write('\\nPEAK_KIB=%d\\n' % resource.getrusage("
            "resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_file_is_reported_and_contained(case: Case, tmp_path: Path,
                                                 _isolated_data_dir: Path) -> None:
    packet = tmp_path / "packet"
    workdir = tmp_path / "cwd"
    packet.mkdir()
    workdir.mkdir()
    hostile = case.build(packet)
    good_file(packet)
    received = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in packet.iterdir()}

    proc = subprocess.run([sys.executable, "-c", MEASURED, sys.executable, "-m", "pipeline.cli",
                           "check", str(packet), "--json"], cwd=workdir, capture_output=True,
                          text=True, timeout=600, env=_env(ROOT))
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)

    if case.rules:
        findings = [d for d in result["deficiencies"] if d["rule_id"] in case.rules
                    and case.names in (d["file"] or "") + d["message"] + (d["evidence"] or "")]
        assert findings, [(d["rule_id"], d["file"], d["message"]) for d in result["deficiencies"]]
        assert all(any("\u4e00" <= c <= "\u9fff" for c in d["message"]) for d in findings)
    read = {d["file"] for d in result["documents"]}
    assert "市场质量信用承诺书.docx" in read  # the rest of the packet was checked
    store = _isolated_data_dir / "originals"
    for name, sha in received.items():  # every original kept, unchanged
        kept = store / sha[:2] / sha
        assert kept.is_file() and hashlib.sha256(kept.read_bytes()).hexdigest() == sha, name
    assert {p.name for p in packet.iterdir()} == set(received)  # the packet itself untouched
    assert list(workdir.iterdir()) == []  # nothing written where yushen was started
    for root in (tmp_path, tmp_path.parent, Path("/tmp"), Path("/"), ROOT):
        assert not list(root.glob(f"*{ESCAPE}*")), root
    peak = int(proc.stderr.rsplit("PEAK_KIB=", 1)[1].split()[0]) // 1024
    assert peak < PEAK_MIB, f"{case.name}: peak {peak} MiB"
    assert hostile.exists()


def _env(root: Path) -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(root)}
