#!/usr/bin/env bash
# Runs every test: installs the C toolchains the export tests compile with (once), then the Swift
# Testing suite in release mode (training is far too slow in debug builds; -enable-testing lets the
# tests reach internal types).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-dependencies.sh
swift test -c release -Xswiftc -enable-testing "$@"
