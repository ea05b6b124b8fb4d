#!/usr/bin/env bash
# Run the test suite (installs what is missing first, so it works on a clean checkout).
#   bash scripts/test.sh           the full suite (what CI runs)
#   bash scripts/test.sh --fast    the everyday tier: pytest -m "not slow"
# Further arguments go to pytest. Tests run in one process per core (pytest-xdist), a test
# module's tests in the same process so module fixtures are built once; YUSHEN_TEST_JOBS
# sets the number (1: no xdist).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-run
PY="${YUSHEN_VENV:-.venv}/bin/python"
jobs="${YUSHEN_TEST_JOBS:-auto}"
args=()
[[ "$jobs" != "1" ]] && args+=(-n "$jobs" --dist loadfile)
for a in "$@"; do
  if [[ "$a" == "--fast" ]]; then args+=(-m "not slow"); else args+=("$a"); fi
done
"$PY" -m ruff check pipeline extractors checks flows samples tests bench scripts
"$PY" -m pytest -q ${args[@]+"${args[@]}"}
