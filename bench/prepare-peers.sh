#!/usr/bin/env bash
# Installs and builds the benchmark peers into bench/.peers/ (gitignored). Idempotent: a second run only checks.
# --debian-only: just the Debian packages (what the overhead benchmark needs).
#   Debian: tesseract-ocr tesseract-ocr-eng wrk nginx
#   bench/.peers/rapidocr-java/rapidocr-java-peer.jar  (Maven build of bench/peers/rapidocr-java)
#   bench/.peers/guten/node_modules                   (npm ci --ignore-scripts of bench/peers/guten)
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEERS="$BENCH/.peers"
mkdir -p "$PEERS"

say() { echo "[prepare] $*" >&2; }

# --- Debian packages -------------------------------------------------------------------------------
missing=()
command -v tesseract >/dev/null || missing+=(tesseract-ocr)
[ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata 2>/dev/null)" ] || missing+=(tesseract-ocr-eng)
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--debian-only" ]; then
  exit 0
fi

# --- RapidOcr-Java peer ----------------------------------------------------------------------------
src="$BENCH/peers/rapidocr-java"
jar="$PEERS/rapidocr-java/rapidocr-java-peer.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$src" -newer "$jar" -type f -print -quit)" ]; then
  say "building RapidOcr-Java peer"
  mvn -B -q -f "$src/pom.xml" package
fi

# --- Guten OCR peer --------------------------------------------------------------------------------
# --ignore-scripts: onnxruntime-node's install script would only fetch optional GPU binaries; the CPU
# binaries (bin/napi-v6/linux/x64) and sharp's libvips ship inside the npm packages themselves.
gsrc="$BENCH/peers/guten"
gdst="$PEERS/guten"
mkdir -p "$gdst"
if ! cmp -s "$gsrc/package-lock.json" "$gdst/package-lock.json" || [ ! -d "$gdst/node_modules/@gutenye/ocr-node" ]; then
  say "installing @gutenye/ocr-node (npm ci --ignore-scripts)"
  cp "$gsrc/package.json" "$gsrc/package-lock.json" "$gdst/"
  (cd "$gdst" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi
cp "$gsrc/run.mjs" "$gdst/run.mjs"  # next to node_modules, so that its imports resolve
arch="$(node -p 'process.arch')"
if ! ls "$gdst"/node_modules/onnxruntime-node/bin/napi-v*/linux/"$arch"/onnxruntime_binding.node >/dev/null 2>&1; then
  say "WARNING: onnxruntime-node has no prebuilt binary for linux/$arch; the guten peer will fail"
fi
say "peers ready in $PEERS"
