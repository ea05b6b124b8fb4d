#!/usr/bin/env bash
# Run the test suite (installs what is missing first, so it works on a clean checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-run
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m ruff check pipeline extractors checks flows samples tests
"$PYTHON" -m pytest -q "$@"
