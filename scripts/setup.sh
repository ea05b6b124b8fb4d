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

PYTHON="${PYTHON:-python3}"
echo "==> pip: installing yushen with its dev extras"
"$PYTHON" -m pip install -q --disable-pip-version-check -e '.[dev]' 2>&1 | grep -v -i "warning" || true
"$PYTHON" -c "import pipeline.cli" >/dev/null
command -v pyenv >/dev/null 2>&1 && pyenv rehash || true

if [[ "${1:-}" != "--no-run" ]]; then
  out="out/samples"
  echo "==> checking the bundled sample packets (samples/packets) → $out"
  "$PYTHON" -m pipeline.cli check samples/packets --batch --out "$out"
  echo "==> reports written: $(pwd)/$out (open summary.html; one folder per packet)"
fi
