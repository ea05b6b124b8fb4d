"""The import contracts of pyproject.toml ([tool.importlinter]) hold: only flows/ imports
Prefect; the check (reading, classifying, the rules) reaches no store, arrival, output or
web page; extractors import neither the rules nor the outputs; the rules write no reports;
no import cycle among the modules of extractors/, checks/, pipeline/ or flows/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    done = subprocess.run([lint, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 kept, 0 broken" in done.stdout, done.stdout
