import os
import shutil

import pytest


@pytest.fixture(scope="session")
def swiftrl_cli():
    """The `swiftrl` command-line tool of the same checkout (scripts/test.sh sets SWIFTRL)."""
    path = os.environ.get("SWIFTRL") or shutil.which("swiftrl")
    assert path and os.path.exists(path), "set SWIFTRL to the swiftrl executable (scripts/test.sh does)"
    return path


@pytest.fixture(scope="session")
def repository_module():
    """Loads a Python file of this checkout by its path from the repository's root (a benchmark or
    fuzz harness the tests run), as a module."""
    import importlib.util
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

    def load(relative_path):
        name = os.path.splitext(os.path.basename(relative_path))[0]
        spec = importlib.util.spec_from_file_location(name, os.path.join(root, relative_path))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load
