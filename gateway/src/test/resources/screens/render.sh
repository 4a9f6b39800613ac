#!/usr/bin/env bash
# Renders the screens' HTML sources to the PNG screenshots the tests read, with headless Chromium (Debian package
# chromium): invoice-form at 1024×640, notice-panel at 640×260, vendor-form light and dark at 960×320.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
render() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --window-size="$2" --screenshot="$here/${3:-$1}.png" "file://$here/$1.html${4:-}"
}
render invoice-form 1024,640
render notice-panel 640,260
render vendor-form 960,320 vendor-form-light
render vendor-form 960,320 vendor-form-dark '#dark'
