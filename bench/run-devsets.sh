#!/usr/bin/env bash
# Dev sets in one command: office documents (clean / scan / photo) and admin screens (light / dark, 1x / 1.5x),
# scored for the local engine and Tesseract 5 side by side. See bench/devsets/README.md.
#   bench/run-devsets.sh                                          # gateway/target/gateway.jar on port 18080
#   bench/run-devsets.sh --gateway-jar /path/gateway.jar --port 18090
#   bench/run-devsets.sh --limit 3 --sets docs                    # a quick run
#   bench/run-devsets.sh --rescore bench/out/devsets-run-STAMP    # score saved raw results again
# Builds bench/out/devsets/ first when it is missing (DEVSETS_REBUILD=1 builds it anew); installs the Debian
# packages and npm UI kits it needs (node_modules in bench/.devsets-cache/, gitignored).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$BENCH/.."
say() { echo "[devsets] $*" >&2; }

# --- Debian packages -------------------------------------------------------------------------------
missing=()
command -v tesseract >/dev/null || missing+=(tesseract-ocr)
[ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata 2>/dev/null)" ] || missing+=(tesseract-ocr-eng)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/convert ] || missing+=(imagemagick)
command -v node >/dev/null || missing+=(nodejs npm)
[ -f /usr/share/state/us-constitution.gz ] || missing+=(miscfiles)
[ -f /usr/share/games/fortunes/literature ] || missing+=(fortunes)
[ -f /usr/share/games/fortunes/wisdom ] || missing+=(fortunes-min)
for f in fonts-liberation fonts-dejavu-core fonts-noto-core fonts-crosextra-carlito fonts-crosextra-caladea \
         fonts-open-sans fonts-roboto-unhinted; do
  dpkg -s "$f" >/dev/null 2>&1 || missing+=("$f")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- UI kits and web fonts from npm ----------------------------------------------------------------
src="$BENCH/devsets"
cache="$BENCH/.devsets-cache/npm"
mkdir -p "$cache"
if ! cmp -s "$src/package-lock.json" "$cache/package-lock.json" || [ ! -d "$cache/node_modules/bootstrap" ]; then
  say "installing the UI kits (npm ci --ignore-scripts)"
  cp "$src/package.json" "$src/package-lock.json" "$cache/"
  (cd "$cache" && nice -n 19 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi

# --- the sets --------------------------------------------------------------------------------------
out="$BENCH/out/devsets"
if [ "${DEVSETS_REBUILD:-0}" = 1 ] || [ ! -f "$out/manifest.json" ]; then
  say "building the dev sets into $out"
  force=(); [ "${DEVSETS_REBUILD:-0}" = 1 ] && force=(--force)
  nice -n 19 python3 "$src/build_devsets.py" --out "$out" "${force[@]}"
fi

# --- score -----------------------------------------------------------------------------------------
args=("$@")
case " $* " in *" --gateway-jar "*|*" --gateway-url "*|*" --rescore "*) ;; *) args=(--gateway-jar gateway/target/gateway.jar "${args[@]}") ;; esac
exec nice -n 19 python3 "$src/score_devsets.py" --devsets "$out" "${args[@]}"
