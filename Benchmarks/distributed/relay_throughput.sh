#!/usr/bin/env bash
# Transitions per second through the relay: N workers (default 4) on Pendulum-v1 send packets over
# TLS on loopback to `swiftrl serve`, and a trainer takes them without learning (warm-up covers every
# step), so the figure is the pipeline's: worker → relay (durable commit) → trainer.
#   Benchmarks/distributed/relay_throughput.sh [WORKERS] [STEPS_PER_WORKER] [SAMPLES_PER_PACKET]
# Prints the trainer's seconds and transitions per second (from its summary.json).
set -euo pipefail
cd "$(dirname "$0")/../.."
workers="${1:-4}"
steps="${2:-50000}"
packet="${3:-100}"
# SWIFTRL names an executable already built; otherwise the release build's is built first.
if [ -z "${SWIFTRL:-}" ]; then
    swift build -c release --product swiftrl >&2
    SWIFTRL="$PWD/.build/release/swiftrl"
fi
swiftrl="$(realpath "$SWIFTRL")"  # the run below happens in a temporary directory
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
"$swiftrl" certs --output creds >/dev/null
"$swiftrl" serve --listen 127.0.0.1:0 --credentials creds --data relay-data > serve.out 2> serve.err &
until grep -q "listening" serve.out 2>/dev/null; do sleep 0.1; done
address="$(awk '{print $NF}' serve.out)"
total=$((workers * steps))
worker_pids=()
for index in $(seq 1 "$workers"); do
    "$swiftrl" worker --server "$address" --credentials creds --env Pendulum-v1 --id "w$index" --seed "$index" \
        --steps "$steps" --samples-per-packet "$packet" > "worker$index.out" &
    worker_pids+=($!)
done
"$swiftrl" train --server "$address" --credentials creds --steps "$total" --set warmup_steps="$total" \
    --set evaluation.interval=0 --set evaluation.episodes=1 --run-dir run --quiet > train.out
wait "${worker_pids[@]}"
python3 - run/summary.json "$workers" "$packet" <<'PYTHON'
import json, sys
summary = json.load(open(sys.argv[1]))
steps, seconds = summary["env_steps"], summary["train_seconds"]
print(f"{sys.argv[2]} workers, {sys.argv[3]} transitions per packet, TLS on loopback: {steps} transitions in "
      f"{seconds:.2f} s = {steps / seconds:,.0f} transitions/s through the relay")
PYTHON
