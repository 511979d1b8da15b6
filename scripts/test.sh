#!/usr/bin/env bash
# Runs every test: installs the C toolchains the export tests compile with (once), then the Swift
# Testing suite in release mode (training is far too slow in debug builds; -enable-testing lets the
# tests reach internal types), then 300 cases of the fuzz harness against the CLI just built
# (scripts/fuzz.sh; FUZZ_CASES changes the count, 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-dependencies.sh
swift test -c release -Xswiftc -enable-testing "$@"
if [[ "${FUZZ_CASES:-300}" != 0 ]]; then
    SWIFTRL="$(swift build -c release -Xswiftc -enable-testing --show-bin-path)/swiftrl" scripts/fuzz.sh "${FUZZ_CASES:-300}"
fi
