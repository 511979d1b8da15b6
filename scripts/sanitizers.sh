#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer (with LeakSanitizer) and ThreadSanitizer:
# scripts/sanitizers.sh [address|thread]... (default: both). Each sanitizer builds into its own
# scratch path (.build-address, .build-thread), in release mode like scripts/test.sh, and the
# command-line tests run the instrumented swiftrl too, so a report from either process fails a test.
# Leaks inside Foundation's and XCTest's own libraries (Bundle.allBundles, String(contentsOf:),
# Process.run, the XCTest runner) are suppressed by scripts/lsan-suppressions.txt; any other leak,
# any memory error and any data race is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=("$@")
[[ ${#sanitizers[@]} -gt 0 ]] || sanitizers=(address thread)
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0"
for sanitizer in "${sanitizers[@]}"; do
    echo "== $sanitizer" >&2
    swift build -c release -Xswiftc -enable-testing --build-tests --sanitize="$sanitizer" --scratch-path ".build-$sanitizer"
    swift test -c release -Xswiftc -enable-testing --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" --skip-build
done
