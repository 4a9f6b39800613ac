#!/usr/bin/env bash
# Builds and runs the DJL-vs-OrtSession latency benchmark on the SROIE development receipts; prints a table.
# Usage: bench/djl-vs-ort/run.sh [IMG_DIR] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
img_dir="${1:-/work/shared/data/sroie-dev/img}"
rounds="${2:-3}"

repo="${M2_REPO:-$HOME/.m2/repository}"
if [ ! -f "$repo/org/freerpacapture/inference/0.1.0-SNAPSHOT/inference-0.1.0-SNAPSHOT.jar" ] \
   || [ ! -f "$repo/org/freerpacapture/models/0.1.0-SNAPSHOT/models-0.1.0-SNAPSHOT.jar" ]; then
  (cd "$root" && mvn -q -pl models,inference -am install -DskipTests)
fi

cd "$here"
mvn -q package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
# DJL must stay offline: no telemetry call, no engine or model download; its cache stays inside target/.
export OPT_OUT_TRACKING=true DJL_OFFLINE=true DJL_CACHE_DIR="$here/target/djl-cache"
exec java -Xmx4g -XX:MaxDirectMemorySize=8g -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/classes:$(cat target/classpath.txt)" \
  org.freerpacapture.inference.ppocr.DjlVsOrtBench "$img_dir" "$rounds"
