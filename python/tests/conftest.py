import os
import shutil

import pytest


@pytest.fixture(scope="session")
def swiftrl_cli():
    """The `swiftrl` command-line tool of the same checkout (scripts/test.sh sets SWIFTRL)."""
    path = os.environ.get("SWIFTRL") or shutil.which("swiftrl")
    assert path and os.path.exists(path), "set SWIFTRL to the swiftrl executable (scripts/test.sh does)"
    return path
