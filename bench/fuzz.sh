#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of decoding, uploads and policy validation, each target for about SECONDS (default
# 60), in rounds of 60 s (each @FuzzTest's maxDuration) that carry their corpus over (.cifuzz-corpus/, not committed).
# A finding is written beside the target's seeds (src/test/resources/.../<Class>Inputs/<method>/crash-*), replays in
# every build from then on, and fails this script: fix it, rename the file to say what it is, and commit it.
#   bench/fuzz.sh            # 60 s per target, as CI runs it
#   bench/fuzz.sh 3600       # an hour per target
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
rounds=$(( (seconds + 59) / 60 ))
mkdir -p inference/target gateway/target
targets=(
  "inference DocumentDecoderFuzzTest"
  "gateway PolicyFuzzTest"
  "gateway UploadFuzzTest"
)
failed=0
for target in "${targets[@]}"; do
  read -r module test <<<"$target"
  for round in $(seq 1 "$rounds"); do
    echo "fuzzing $test, round $round of $rounds (60 s)"
    # Jazzer fuzzes one test per JVM; the outer timeout catches an input that hangs the target.
    JAZZER_FUZZ=1 timeout 300 mvn -B -q -ntp -o -pl "$module" -am test -Dtest="$test" \
      -Dsurefire.failIfNoSpecifiedTests=false >"$module/target/fuzz-$test.log" 2>&1
    status=$?
    if [ $status -ne 0 ]; then
      echo "  $test: a finding (exit $status); see $module/target/fuzz-$test.log" >&2
      failed=1
      break
    fi
  done
done
found=$(git status --porcelain --untracked-files=all -- '*Inputs/*' | grep 'crash-' || true)
if [ -n "$found" ]; then
  echo "new findings to fix and commit:" >&2
  echo "$found" >&2
  failed=1
fi
exit $failed
