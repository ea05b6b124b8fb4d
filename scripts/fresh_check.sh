#!/usr/bin/env bash
# The fresh-machine check, run before stopping: clone HEAD into a temporary folder (with
# ../shared beside it, as CI has it), create a new virtual environment from requirements.lock
# with no pip cache, then run the README's two commands and the fast tier, with a new HOME
# (no LibreOffice profile, no ~/.cache) and new yushen data and OCR caches. Prints the wall
# time and pass counts of each step and the versions installed.
#   bash scripts/fresh_check.sh [--keep]
set -uo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
keep=0; [[ "${1:-}" == "--keep" ]] && keep=1
root="$(mktemp -d /tmp/yushen-fresh.XXXXXX)"
[ -d "$src/../shared" ] && ln -s "$(cd "$src/../shared" && pwd)" "$root/shared"
git clone -q "$src" "$root/main" && git -C "$root/main" checkout -q "$(git -C "$src" rev-parse HEAD)"
mkdir -p "$root/home" "$root/bin"
export PYENV_ROOT="${PYENV_ROOT:-$HOME/.pyenv}"  # pyenv shims find Python through it, not the new HOME
export HOME="$root/home" XDG_CACHE_HOME="$root/home/.cache" PIP_NO_CACHE_DIR=1
export YUSHEN_DATA_DIR="$root/data" YUSHEN_BIN_DIR="$root/bin"
unset YUSHEN_CACHE_DIR YUSHEN_CONFIG
cd "$root/main"
summary=()
step() {  # step NAME COMMAND...: run, keep the log, note wall time, exit code and pytest's tally
  local name="$1"; shift
  local t0=$SECONDS
  "$@" > "$root/$name.log" 2>&1
  local rc=$?
  local tally; tally="$(grep -E '^[0-9]+ (passed|failed)|[0-9]+ passed' "$root/$name.log" | tail -1)"
  summary+=("$(printf '%-10s exit %d  %4d s  %s' "$name" "$rc" $((SECONDS - t0)) "$tally")")
  echo "${summary[-1]}"
  return $rc
}
echo "fresh check of $(git rev-parse --short HEAD) in $root"
step setup bash scripts/setup.sh; rc_setup=$?
step fast bash scripts/test.sh --fast; rc_fast=$?
step full bash scripts/test.sh; rc_full=$?
echo "== packages installed from requirements.lock"
.venv/bin/python -m pip freeze --exclude-editable 2>/dev/null | tr '\n' ' '; echo
echo "== Debian packages"
dpkg-query -W -f='${Package} ${Version}\n' tesseract-ocr tesseract-ocr-chi-sim \
  libreoffice-writer-nogui poppler-utils 7zip unar chromium dovecot-imapd postgresql 2>/dev/null \
  | tr '\n' ';'; echo
echo "== summary"; printf '%s\n' "${summary[@]}"
((keep)) || rm -rf "$root"
exit $((rc_setup || rc_fast || rc_full))
