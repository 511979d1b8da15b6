#!/bin/sh
# Single-observation inference of a default [64, 64] SAC policy (Pendulum-v1 shapes: 3 -> 64 -> 64 -> 2,
# action tanh(mean) rescaled to [-2, 2]): SwiftRL's own inference and the exported C header, in ns per
# call (median of 7 runs), and, when the peers' Python environment with rltools 2.2.1 is there
# (../shared/peers/setup.sh next to the repository, or PEERS_PYTHON), RLtools' exported policy of the same
# shape compiled against RLtools' include tree. Prints a markdown table. Usage: Benchmarks/inference/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --package-path "$here/swift" --scratch-path "$here/swift/.build" >"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; echo "run.sh: the inference benchmark did not build" >&2; exit 1; }
"$here/swift/.build/release/InferenceBenchmark" "$work/policy.h" > "$work/swift.txt"

cc -std=c99 -O2 -I"$work" "$here/bench.c" -o "$work/bench-O2" -lm
cc -std=c99 -O3 -march=native -I"$work" "$here/bench.c" -o "$work/bench-O3-native" -lm

echo "| Inference (one observation, [64, 64] SAC policy) | ns/call |"
echo "|---|---:|"
echo "| exported C header, \`cc -std=c99 -O2\` | $("$work/bench-O2") |"
echo "| exported C header, \`cc -std=c99 -O3 -march=native\` | $("$work/bench-O3-native") |"
echo "| SwiftRL \`DeterministicPolicy.action(for:)\` (allocating) | $(awk '$1 == "action" { printf "%.1f", $2 }' "$work/swift.txt") |"
echo "| SwiftRL \`MLP.forward\` (training kernels), capacity-1 workspace (no allocation) | $(awk '$1 == "forward" { printf "%.1f", $2 }' "$work/swift.txt") |"
echo "| SwiftRL \`MLP.deployedOutput\` (the header's operations; no allocation) | $(awk '$1 == "deployed" { printf "%.1f", $2 }' "$work/swift.txt") |"

peers="$here/../../../shared/peers"
python=${PEERS_PYTHON:-}
[ -z "$python" ] && [ -x "$peers/setup.sh" ] && python=$("$peers/setup.sh")
if [ -n "$python" ]; then
    include=$("$python" -c "import os, rltools; print(os.path.dirname(rltools.__file__))")/external/rl_tools/include
    (cd "$work" && SWIFTRL_PEERS="$peers" "$python" "$here/rltools_export.py" "$work/checkpoint.h" >/dev/null)
    c++ -std=c++17 -O2 -DNDEBUG -I"$include" -I"$work" "$here/rltools_bench.cpp" -o "$work/rltools-O2"
    c++ -std=c++17 -O3 -march=native -DNDEBUG -I"$include" -I"$work" "$here/rltools_bench.cpp" -o "$work/rltools-O3-native"
    echo "| RLtools 2.2.1 exported policy (\`save_code\` + include tree), \`c++ -O2\` | $("$work/rltools-O2") |"
    echo "| RLtools 2.2.1 exported policy, \`c++ -O3 -march=native\` | $("$work/rltools-O3-native") |"
else
    echo "| RLtools exported policy | skipped (no peers' Python environment) |"
fi
