#!/bin/sh
# One step of the exported recurrent policy of configs/ppo-cartpole-novelocity-lstm.yaml (an LSTM of
# 64 units in front of a [64] ReLU network, 2 observations, a discrete action), and of the same run with
# a GRU, in ns per step (median of 7 runs of 1e6 steps; bench_evaluate(&state, input, output)), built
# with cc -std=c99 -O2 and -O3 -march=native. The policies come from 2,560-step runs: the time per step
# does not depend on the weights. Usage: Benchmarks/inference/recurrent.sh [path/to/swiftrl]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
swiftrl=${1:-"$here/../../.build/release/swiftrl"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| exported recurrent policy, one step | cc -std=c99 -O2 | cc -std=c99 -O3 -march=native |"
echo "|---|---:|---:|"
for cell in lstm gru; do
    "$swiftrl" train --config "$here/../../configs/ppo-cartpole-novelocity-lstm.yaml" --steps 2560 --quiet \
        --set recurrent=$cell --run-dir "$work/$cell" >/dev/null
    "$swiftrl" export --run-dir "$work/$cell" --name bench --output "$work/policy.h" >/dev/null
    cc -std=c99 -O2 -I"$work" -DRECURRENT "$here/bench.c" -o "$work/bench-O2" -lm
    cc -std=c99 -O3 -march=native -I"$work" -DRECURRENT "$here/bench.c" -o "$work/bench-O3" -lm
    echo "| $cell 64 -> [64] -> 2 (CartPoleNoVelocity-v1) | $("$work/bench-O2") | $("$work/bench-O3") |"
done
