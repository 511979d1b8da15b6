#!/usr/bin/env bash
# Measures what tracking costs training: the same run with tracking off, with TensorBoard event
# files, with an MLflow server (MLFLOW_URI, default http://127.0.0.1:5000, which must be running),
# and with both, REPS times each (default 7) in turn, and prints the median `train_seconds` of each
# (summary.json: the training loop alone) and its difference to tracking off.
# Usage: scripts/tracking-overhead.sh [REPS] -- TRAIN-ARGUMENTS…   (build with -c release first)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-7}; shift || true; [[ "${1:-}" == "--" ]] && shift
swiftrl="${SWIFTRL:-.build/release/swiftrl}"
uri="${MLFLOW_URI:-http://127.0.0.1:5000}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
declare -A settings=([off]="" [tensorboard]="--set tracking.tensorboard=true"
                     [mlflow]="--set tracking.mlflow_uri=$uri"
                     [both]="--set tracking.tensorboard=true --set tracking.mlflow_uri=$uri")
for rep in $(seq "$reps"); do
    for mode in off tensorboard mlflow both; do
        # shellcheck disable=SC2086
        "$swiftrl" train --quiet --run-dir "$work/$mode-$rep" "$@" ${settings[$mode]} > /dev/null
    done
done
python3 - "$work" "$reps" <<'PY'
import json, statistics, sys
work, reps = sys.argv[1], int(sys.argv[2])
median = {mode: statistics.median(json.load(open(f"{work}/{mode}-{rep}/summary.json"))["train_seconds"]
                                  for rep in range(1, reps + 1)) for mode in ["off", "tensorboard", "mlflow", "both"]}
for mode, seconds in median.items():
    every = sorted(json.load(open(f"{work}/{mode}-{rep}/summary.json"))["train_seconds"] for rep in range(1, reps + 1))
    print(f"{mode:12} median train_seconds {seconds:.3f}  ({100 * (seconds / median['off'] - 1):+.1f} %)"
          f"  min {every[0]:.3f}  all: {' '.join(f'{value:.3f}' for value in every)}")
PY
