#!/usr/bin/env bash
# PPO from rollout workers against the same run on its own: a configuration (default SB3 zoo's
# CartPole values, configs/ppo-cartpole.yaml) over seeds, with `swiftrl train` alone and with
# `--workers W` (the relay in the trainer's process, W `swiftrl worker` processes, TLS on loopback).
#   Benchmarks/distributed/ppo_workers.sh [WORKERS (2)] [CONFIG] [SEEDS (1 2 3)]
# Prints, per seed and mode, training seconds, the final evaluation and the trainer's packet counts.
set -euo pipefail
cd "$(dirname "$0")/../.."
workers="${1:-2}"
config="${2:-configs/ppo-cartpole.yaml}"
shift $(( $# < 2 ? $# : 2 ))
seeds=("${@:-1 2 3}")
# SWIFTRL names an executable already built; otherwise the release build's is built first.
if [ -z "${SWIFTRL:-}" ]; then
    swift build -c release --product swiftrl >&2
    SWIFTRL="$PWD/.build/release/swiftrl"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for seed in ${seeds[*]}; do
    for mode in local workers; do
        options=()
        [ "$mode" = workers ] && options=(--workers "$workers")
        result="$("$SWIFTRL" train --config "$config" --seed "$seed" --run-dir "$work/$mode-$seed" --quiet \
            "${options[@]}" 2> "$work/$mode-$seed.err")"
        packets="$(grep -o 'learned from .*' "$work/$mode-$seed.err" || true)"
        echo "seed $seed, $mode: $(echo "$result" | grep -o '[0-9]* steps in [0-9.]* s.*episodes: [-0-9.]* ± [0-9.]*') ${packets:+($packets)}"
    done
done
