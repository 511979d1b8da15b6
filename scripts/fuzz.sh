#!/usr/bin/env bash
# Fuzzes the swiftrl CLI with mutated artifacts: scripts/fuzz.sh [CASES] (default 300).
#
# It trains tiny SAC, TD3 and PPO runs with checkpoints, exports their headers, then mutates every
# kind of file SwiftRL reads (checkpoint files, policy.json, summary.json, metrics.csv, config.yaml,
# configs/*.yaml, headers) with bit flips, truncations, numeric fields set to 0, -1, 2^63-1, 1e308,
# NaN or twice their value, shape edits, YAML bombs and huge sizes, and runs the command that reads
# each mutant under `ulimit -v` and `timeout`. Case i is fully determined by FUZZ_SEED and i.
# A case fails on a time-out, a signal, more than one line on stderr, a non-zero exit without one
# `error: ...` line, or exit 0 where the mutation must be refused (any checkpoint edit, any shape
# edit of a policy or header). Failing cases print one line each and are kept with a repro.sh.
# The last line is `N passed, N failed`; the exit status is 1 when a case failed.
#
# With SWIFTRL_PYTHON (a Python with the swiftrl package installed), it also mutates the files of
# saved Python sessions (`State.save`) and reads each with `swiftrl.load_state` (scripts/fuzz/session.py).
# Environment: SWIFTRL (binary to test; default: build .build/release/swiftrl), FUZZ_SEED (1),
# FUZZ_TIMEOUT (seconds per case, 20), FUZZ_MEMORY_KB (ulimit -v, 8 GiB), FUZZ_JOBS (parallel
# cases, 2), FUZZ_KEEP (where failing mutants go; default <work>/fuzz-failures), FUZZ_WORK (work
# directory, kept; default a temporary one removed when every case passes), FUZZ_ONLY (comma-
# separated case numbers to run alone, e.g. to reproduce one).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${SWIFTRL:-}" ]]; then
    swift build -c release --product swiftrl >&2
    SWIFTRL=.build/release/swiftrl
fi

exec python3 scripts/fuzz/harness.py --binary "$SWIFTRL" --cases "${1:-300}" --seed "${FUZZ_SEED:-1}" \
    --timeout "${FUZZ_TIMEOUT:-20}" --memory-kb "${FUZZ_MEMORY_KB:-8388608}" --jobs "${FUZZ_JOBS:-2}" \
    ${SWIFTRL_PYTHON:+--python "$SWIFTRL_PYTHON"} ${FUZZ_KEEP:+--keep "$FUZZ_KEEP"} ${FUZZ_WORK:+--work "$FUZZ_WORK"} ${FUZZ_ONLY:+--only "$FUZZ_ONLY"}
