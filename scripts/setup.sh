#!/usr/bin/env bash
# Set up yushen on a fresh Debian/Ubuntu machine, then check the bundled sample packets.
#   bash scripts/setup.sh            install everything, run the samples, print where reports are
#   bash scripts/setup.sh --no-run   install only (used by scripts/test.sh and CI)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng   # OCR of scans
  libreoffice-writer-nogui                                 # .doc/.wps → .docx, .docx → PDF
  poppler-utils                                            # pdftoppm / pdftotext
  fonts-noto-cjk                                           # CJK fonts for rendering
  fonts-arphic-ukai                                        # a brush face: bench/ocr_cer.py
  7zip unar libarchive-tools zip                           # 7z, rar (unar backend), zip
  chromium                                                 # report tests: headless browser
  dovecot-imapd openssl                                    # mailbox tests: a real IMAP server over TLS
  postgresql                                               # store tests on PostgreSQL (SQLite is the default)
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "==> apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Python packages: exact versions with hashes from requirements.lock (bash scripts/lock.sh
# updates it), in the project's own virtual environment .venv, reinstalled when the lock changes.
PYTHON="${PYTHON:-python3}"
VENV="${YUSHEN_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
want="$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$VENV/.yushen-lock" 2>/dev/null)" != "$want" ]; then
  echo "==> pip: installing the locked packages into $VENV"
  # (this machine's pip.conf names local indexes that may be absent: drop those warnings)
  quiet() { "$@" 2> >(grep -v "^WARNING: Location .* is ignored" >&2); }
  quiet "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes \
    --no-deps -r requirements.lock
  quiet "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps \
    --no-build-isolation -e .
  echo "$want" > "$VENV/.yushen-lock"
fi
"$VENV/bin/python" -c "import pipeline.cli" >/dev/null

if [[ "${1:-}" != "--no-run" ]]; then
  # The yushen command: .venv/bin/yushen, linked into a folder on PATH for a plain `yushen`.
  bindir="${YUSHEN_BIN_DIR:-/usr/local/bin}"
  [ -w "$bindir" ] || { bindir="$HOME/.local/bin"; mkdir -p "$bindir"; }
  ln -sf "$(pwd)/$VENV/bin/yushen" "$bindir/yushen"
  echo "==> yushen: $bindir/yushen → $(pwd)/$VENV/bin/yushen"
  out="out/samples"
  echo "==> checking the bundled sample packets (samples/packets) → $out"
  "$VENV/bin/yushen" check samples/packets --batch --out "$out"
  echo "==> reports written: $(pwd)/$out (open summary.html; one folder per packet)"
fi
