#!/usr/bin/env bash
# Kills training with SIGKILL at random moments and resumes it until it finishes, N times:
# scripts/crash-resume.sh [N] (default 20). Each trial must end bit-identical to an uninterrupted run
# (policy.json, summary.json's counts and return, metrics.csv without its wall-clock column).
# SWIFTRL names the CLI to test (default: a release build). Checkpoints are written every 100 steps,
# so kills land in the middle of checkpoint writes as well as between them.
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-20}"
if [[ -z "${SWIFTRL:-}" ]]; then
    swift build -c release --product swiftrl >&2
    SWIFTRL=.build/release/swiftrl
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
arguments=(--steps 3000 --threads 1 --quiet --set checkpoint_interval=100 --set evaluation.interval=500
           --set evaluation.episodes=2)

# The parts of a finished run that must not depend on interruptions.
fingerprint() {
    cat "$1/policy.json"
    python3 - "$1/summary.json" <<'PYTHON'
import json, sys
summary = json.load(open(sys.argv[1]))
print(summary["env_steps"], summary["episodes"], summary["eval"])
PYTHON
    cut -d, -f1,3- "$1/metrics.csv"
}

"$SWIFTRL" train "${arguments[@]}" --run-dir "$work/reference" >/dev/null
reference=$(fingerprint "$work/reference")
passed=0 failed=0 kills=0
for trial in $(seq 1 "$trials"); do
    run="$work/trial-$trial"
    "$SWIFTRL" train "${arguments[@]}" --run-dir "$run" >/dev/null 2>&1 &
    command=(train --resume "$run" --quiet --threads 1)
    while true; do
        pid=$!
        sleep "0.$(printf '%03d' $((RANDOM % 400)))"
        if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
        wait "$pid" 2>/dev/null || true
        [[ -f "$run/summary.json" ]] && break
        if [[ ! -d "$run/checkpoints" ]] || [[ -z "$(ls "$run/checkpoints" 2>/dev/null | grep '^step-')" ]]; then
            # Killed before the first checkpoint: start the run again.
            rm -rf "$run"
            "$SWIFTRL" train "${arguments[@]}" --run-dir "$run" >/dev/null 2>&1 &
        else
            "$SWIFTRL" "${command[@]}" >/dev/null 2>&1 &
        fi
    done
    if [[ "$(fingerprint "$run")" == "$reference" ]]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "trial $trial differs from the uninterrupted run" >&2
    fi
done
echo "$kills kills; $passed passed, $failed failed"
[[ $failed == 0 ]]
