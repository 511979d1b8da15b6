#!/usr/bin/env bash
# Measures what tracking costs training: the same run with tracking off, with TensorBoard event
# files, with an MLflow server (MLFLOW_URI, default http://127.0.0.1:5000, which must be running),
# and with both, REPS times each (default 11) in turn. For each it prints the median `train_seconds`
# (summary.json: the training loop alone) and its difference to tracking off, the minimum, and the
# median CPU seconds (user + system) of the whole swiftrl process, which a busy machine disturbs less.
# Usage: scripts/tracking-overhead.sh [REPS] -- TRAIN-ARGUMENTS…   (build with -c release first)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-11}; shift || true; [[ "${1:-}" == "--" ]] && shift
swiftrl="${SWIFTRL:-.build/release/swiftrl}"
uri="${MLFLOW_URI:-http://127.0.0.1:5000}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
declare -A settings=([off]="" [tensorboard]="--set tracking.tensorboard=true"
                     [mlflow]="--set tracking.mlflow_uri=$uri"
                     [both]="--set tracking.tensorboard=true --set tracking.mlflow_uri=$uri")
for rep in $(seq "$reps"); do
    for mode in off tensorboard mlflow both; do
        # shellcheck disable=SC2086
        /usr/bin/time -o "$work/$mode-$rep.cpu" -f "%U %S" \
            "$swiftrl" train --quiet --run-dir "$work/$mode-$rep" "$@" ${settings[$mode]} > /dev/null
    done
done
python3 - "$work" "$reps" <<'PY'
import json, statistics, sys
work, reps = sys.argv[1], int(sys.argv[2])
modes = ["off", "tensorboard", "mlflow", "both"]
train = {m: sorted(json.load(open(f"{work}/{m}-{r}/summary.json"))["train_seconds"] for r in range(1, reps + 1)) for m in modes}
cpu = {m: [sum(map(float, open(f"{work}/{m}-{r}.cpu").read().split())) for r in range(1, reps + 1)] for m in modes}
for m in modes:
    t, c = statistics.median(train[m]), statistics.median(cpu[m])
    print(f"{m:12} train_seconds median {t:.3f} ({100 * (t / statistics.median(train['off']) - 1):+.1f} %) min {train[m][0]:.3f}"
          f"  process CPU seconds median {c:.3f} ({100 * (c / statistics.median(cpu['off']) - 1):+.1f} %)")
PY
