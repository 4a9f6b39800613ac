#!/usr/bin/env bash
# Soak in one command: 10 minutes at a steady concurrency against the gateway, RSS and heap sampled; exit 0 = flat.
#   bench/run-soak.sh --gateway-jar gateway/target/gateway.jar --concurrency 4
#   bench/run-soak.sh --gateway-url http://127.0.0.1:8080            # a gateway that is already running
# See bench/soak_bench.py --help and docs/BENCHMARKS.md.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$BENCH/.."
exec python3 "$BENCH/soak_bench.py" "$@"
