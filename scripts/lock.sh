#!/usr/bin/env bash
# Update requirements.lock (exact versions with hashes for everything pip installs), then
# reinstall .venv from it and run the full test suite, so a new lock lands only green.
#   bash scripts/lock.sh               re-resolve every package to today's newest allowed
#   bash scripts/lock.sh -P pillow     move one package only (uv's --upgrade-package)
#   bash scripts/lock.sh --no-test     write the lock and install, skip the tests
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
run_tests=1
args=()
for a in "$@"; do
  if [[ "$a" == "--no-test" ]]; then run_tests=0; else args+=("$a"); fi
done
if ! command -v uv >/dev/null || [[ "$(uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]]; then
  python3 -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi
upgrade=(--upgrade)
[[ " ${args[*]-} " == *" -P "* ]] && upgrade=()
uv pip compile pyproject.toml scripts/build-requirements.in --extra dev \
  --generate-hashes --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
  --custom-compile-command "bash scripts/lock.sh" "${upgrade[@]}" ${args[@]+"${args[@]}"} \
  -o requirements.lock
bash scripts/setup.sh --no-run
if ((run_tests)); then bash scripts/test.sh; fi
