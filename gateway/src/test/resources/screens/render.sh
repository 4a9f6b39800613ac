#!/usr/bin/env bash
# Renders invoice-form.html to invoice-form.png with headless Chromium (Debian package chromium).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --window-size=1024,640 --screenshot="$here/invoice-form.png" "file://$here/invoice-form.html"
