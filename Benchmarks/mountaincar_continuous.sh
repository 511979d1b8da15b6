#!/usr/bin/env bash
# MountainCarContinuous-v0: the shipped TD3 configuration and SAC's defaults, seeds 1-5, 50,000 steps.
# Prints each run's final evaluation (10 episodes) and the mean ± std over seeds.
# usage (from the repository root): swift build -c release --product swiftrl && Benchmarks/mountaincar_continuous.sh
set -euo pipefail
binary=${SWIFTRL:-.build/release/swiftrl}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
run() {  # name, then swiftrl train options
    local name=$1; shift
    for seed in 1 2 3 4 5; do
        "$binary" train "$@" --seed "$seed" --quiet --run-dir "$scratch/$name-$seed" >/dev/null
        python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['eval']['return_mean'])" "$scratch/$name-$seed/summary.json"
    done | python3 -c "
import statistics, sys
values = [float(line) for line in sys.stdin]
print('$name:', ', '.join(f'{v:.1f}' for v in values), f'-> {statistics.mean(values):.1f} ± {statistics.pstdev(values):.1f}')"
}
run td3-ou --config configs/mountaincar-continuous-td3.yaml
run sac-defaults --algorithm sac --env MountainCarContinuous-v0 --steps 50000
