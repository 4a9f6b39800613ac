#!/usr/bin/env bash
# OCR benchmark in one command: prepares the peers, then runs bench/ocr_bench.py with the given flags.
#   bench/run-ocr.sh                                   # all engines, all 50 images, concurrency 1,2,4,8
#   bench/run-ocr.sh --gateway-jar gateway/target/gateway.jar --gateway-jvm-flags "-Xmx512m"
#   bench/run-ocr.sh --engines rapidocr-java,tesseract --images 5 --concurrency 1,2
# Set BENCH_SKIP_PREPARE=1 to skip the peer checks. See docs/BENCHMARKS.md.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$BENCH/.."
[ "${BENCH_SKIP_PREPARE:-0}" = 1 ] || "$BENCH/prepare-peers.sh"
exec python3 "$BENCH/ocr_bench.py" "$@"
