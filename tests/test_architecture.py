"""The import contracts of pyproject.toml ([tool.importlinter]) hold: only flows/ imports
Prefect; pipeline/'s layers (core → intake → forms → extractors | checks → engine →
records | outputs → arrivals → web → flows → cli; checks and extractors import neither
the other) each import only those below them; the check
(reading, classifying, the rules) reaches no store, arrival, output or web page; extractors
do not classify; outputs import no rules; no import cycle among the modules of any package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    done = subprocess.run([lint, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 kept, 0 broken" in done.stdout, done.stdout
    assert "Layers: each depends only on those below it KEPT" in done.stdout, done.stdout


def test_every_part_of_pipeline_sits_in_a_layer() -> None:
    """A module dropped flat into pipeline/ (or a new subpackage) would escape the layers."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    named = {name.strip() for layer in layers["layers"] for name in layer.split("|")}
    pipeline = ROOT / "pipeline"
    parts = {f"pipeline.{p.stem}" for p in pipeline.glob("*.py") if p.stem != "__init__"}
    parts |= {f"pipeline.{p.parent.name}" for p in pipeline.glob("*/__init__.py")}
    assert parts <= named, f"outside every layer: {sorted(parts - named)}"
    assert parts == {n for n in named if n.startswith("pipeline.")}
