#!/usr/bin/env bash
# Installs the Python package the way a user does (`pip install ./python`, which builds the Swift
# core's C interface in release mode) into .build/test-python, then runs its tests with pytest.
# SWIFTRL must name the swiftrl executable of this checkout (scripts/test.sh sets it): a test checks
# that Python and the command line give the same bits.
set -euo pipefail
cd "$(dirname "$0")/.."
python="$PWD/.build/test-python/bin/python"
if ! log=$("$python" -m pip install --quiet "./python[distributed]" 2>&1); then
    echo "$log" >&2
    echo "error: pip install './python[distributed]' failed" >&2
    exit 1
fi
# From outside the checkout, so that `import swiftrl` is the installed package.
cd .build
"$python" -m pytest -q -p no:cacheprovider ../python/tests "$@"
