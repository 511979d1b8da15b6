#!/usr/bin/env bash
# Runs every test: installs the C toolchains the export tests compile with (once), then the Swift
# Testing suite in release mode (training is far too slow in debug builds; -enable-testing lets the
# tests reach internal types), then the Python package, installed with pip as a user does
# (scripts/test-python.sh), then, against the CLI just built and that package, 300 cases of the fuzz
# harness (scripts/fuzz.sh; FUZZ_CASES changes the count, 0 skips it) and 10 trials of killing
# training with SIGKILL and resuming it (scripts/crash-resume.sh; CRASH_TRIALS, 0 skips it), and
# one run of the distributed fault test, SIGKILL of the relay, a worker and the trainer with 0
# acknowledged samples lost (scripts/distributed-faults.sh; FAULT_RUNS=0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-dependencies.sh
swift test -c release -Xswiftc -enable-testing "$@"
export SWIFTRL="$(swift build -c release -Xswiftc -enable-testing --show-bin-path)/swiftrl"
scripts/test-python.sh
export SWIFTRL_PYTHON="$PWD/.build/test-python/bin/python"
if [[ "${FUZZ_CASES:-300}" != 0 ]]; then scripts/fuzz.sh "${FUZZ_CASES:-300}"; fi
if [[ "${CRASH_TRIALS:-10}" != 0 ]]; then scripts/crash-resume.sh "${CRASH_TRIALS:-10}"; fi
if [[ "${FAULT_RUNS:-1}" != 0 ]]; then scripts/distributed-faults.sh; fi
