#!/usr/bin/env bash
# Gateway overhead in one command: wrk at stepped fixed rates against a constant-time loopback provider
# (nginx `return 200`), against nginx proxying to it, and against the gateway routed to it.
#   bench/run-overhead.sh                                   # direct + nginx (+ gateway if one answers)
#   bench/run-overhead.sh --gateway-jar gateway/target/gateway.jar --gateway-env KEY={provider} ...
# See bench/overhead_bench.py --help and docs/BENCHMARKS.md.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$BENCH/.."
[ "${BENCH_SKIP_PREPARE:-0}" = 1 ] || "$BENCH/prepare-peers.sh" --debian-only
exec python3 "$BENCH/overhead_bench.py" "$@"
