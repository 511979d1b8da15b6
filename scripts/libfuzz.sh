#!/usr/bin/env bash
# Runs SwiftRL's libFuzzer targets: scripts/libfuzz.sh [SECONDS] [TARGET...]
# (default: 600 seconds each for config, configjson, safetensors, checkpoint, policy, header, network and relay).
#
# Builds Fuzz/ with --sanitize=fuzzer (its own scratch path, .build-fuzz), seeds each target's
# corpus with real artifacts (configs/*.yaml, and the files of a tiny training run made with the
# swiftrl CLI), and runs each target for SECONDS with a 10 s per-input limit and a 4 GiB memory
# limit. A crash leaves its input as .build-fuzz/artifacts/<target>/crash-*; replay it with a
# plain build: SWIFTRL_FUZZ_TARGET=<target> swift run swiftrl-fuzz <file>. SWIFTRL names a built
# swiftrl CLI to make the seed artifacts with (default: a release build of it).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(config configjson safetensors checkpoint policy header network relay)

swift build -c release --sanitize=fuzzer -Xswiftc -DSWIFTRL_FUZZING --product swiftrl-fuzz \
    --scratch-path .build-fuzz >&2
fuzzer=.build-fuzz/release/swiftrl-fuzz
if [[ -z "${SWIFTRL:-}" ]]; then
    swift build -c release --product swiftrl >&2
    SWIFTRL=.build/release/swiftrl
fi
# The plain build of the fuzz targets writes the relay target's seed messages.
swift build -c release --product swiftrl-fuzz >&2
swiftrl=$SWIFTRL

seeds=.build-fuzz/seeds
rm -rf "$seeds"
mkdir -p "$seeds"
for algorithm in sac ppo; do
    "$swiftrl" train --algorithm "$algorithm" --steps 300 --set evaluation.episodes=1 --set checkpoint_interval=100 \
        $([[ $algorithm == sac ]] && echo "--set warmup_steps=100 --set batch_size=32") \
        $([[ $algorithm == ppo ]] && echo "--set num_envs=2 --set steps_per_env=64 --set batch_size=64") \
        --quiet --run-dir "$seeds/$algorithm" >/dev/null
    "$swiftrl" export --run-dir "$seeds/$algorithm" --output "$seeds/$algorithm.h" >/dev/null
done

for target in "${targets[@]}"; do
    corpus=.build-fuzz/corpus/$target
    mkdir -p "$corpus" ".build-fuzz/artifacts/$target"
    case "$target" in
        config) cp configs/*.yaml "$corpus"/
                for run in sac ppo; do cp "$seeds/$run/config.yaml" "$corpus/$run.yaml"; done ;;
        configjson) # The first byte picks the algorithm (0 SAC, 1 TD3, 2 PPO); the rest is the JSON.
            printf '\000{}' > "$corpus/sac-empty"
            printf '\001{"steps": 5000, "actor": {"hidden_sizes": [32, 32]}, "exploration_noise_type": "ou"}' > "$corpus/td3"
            printf '\002{"num_envs": 4, "critic.hidden_sizes": [16], "recurrent": "lstm", "target_kl": null, "stop_conditions": [{"kind": "plateaus", "metric": "returns/mean", "patience": 3}]}' > "$corpus/ppo" ;;
        safetensors) for run in sac ppo; do cp "$seeds/$run"/checkpoints/*/tensors.safetensors "$corpus/$run.safetensors"; done ;;
        checkpoint) python3 - "$seeds" "$corpus" <<'PYTHON'
import pathlib, sys
# checkpoint.json without its checksum line: the target seals each input itself.
for file in pathlib.Path(sys.argv[1]).glob("sac/checkpoints/*/checkpoint.json"):
    lines = file.read_text().split("\n")
    (pathlib.Path(sys.argv[2]) / "sac.json").write_text("\n".join(lines[:1] + lines[2:]))
PYTHON
            ;;
        policy) for name in sac ppo; do cp "$seeds/$name/policy.json" "$corpus/$name.json"; done
            python3 scripts/fuzz/layered_policy.py "$seeds/ppo/policy.json" "$corpus/ppo-layers.json"
            ;;
        header) for name in sac ppo; do cp "$seeds/$name.h" "$corpus/$name.h"; done ;;
        network) # A Sequential network's JSON: an LSTM, a dense layer; and a GRU alone.
            printf '{"layers": [{"kind": "lstm", "input_size": 2, "hidden_size": 2}, {"kind": "dense", "inputs": 2, "outputs": 1, "activation": "tanh"}], "parameters": [%s]}' \
                "$(python3 -c 'print(", ".join(str(i / 40) for i in range(51)))')" > "$corpus/lstm-dense.json"
            printf '{"layers": [{"kind": "gru", "input_size": 1, "hidden_size": 1}], "parameters": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]}' \
                > "$corpus/gru.json" ;;
        relay) SWIFTRL_FUZZ_TARGET=relay .build/release/swiftrl-fuzz --write-seeds "$corpus" ;;
        *) echo "unknown target $target" >&2; exit 2 ;;
    esac
    echo "== $target: $seconds s" >&2
    SWIFTRL_FUZZ_TARGET=$target SWIFTRL_FUZZ_TENSORS=$(echo "$seeds"/sac/checkpoints/*/tensors.safetensors) "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -max_len=1048576 -artifact_prefix=".build-fuzz/artifacts/$target/" -print_final_stats=1 "$corpus" 2>&1 \
        | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|Done)' || true
done
