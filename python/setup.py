"""Builds SwiftRL's C interface (the Swift package's `SwiftRLCAPI` library, release mode) and ships
it inside the `swiftrl` package. Run from a checkout: `pip install ./python`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = "libSwiftRLCAPI.dylib" if sys.platform == "darwin" else "libSwiftRLCAPI.so"


class BuildSwiftCore(build_py):
    """Runs `swift build -c release --product SwiftRLCAPI` and copies the library into the package."""

    def run(self):
        super().run()
        if not (ROOT / "Package.swift").exists():
            raise RuntimeError(f"{ROOT} is not a SwiftRL checkout: install with `pip install ./python` from one")
        swift = os.environ.get("SWIFT", "swift")
        command = [swift, "build", "-c", "release", "--product", "SwiftRLCAPI", "--package-path", str(ROOT)]
        print(" ".join(command), flush=True)
        subprocess.run(command, check=True)
        bin_path = subprocess.run(command[:4] + ["--package-path", str(ROOT), "--show-bin-path"],
                                  check=True, capture_output=True, text=True).stdout.strip()
        destination = Path(self.build_lib) / "swiftrl"
        destination.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(bin_path) / LIBRARY, destination / LIBRARY)
        shutil.copy2(ROOT / "Sources" / "CSwiftRL" / "include" / "swiftrl.h", destination / "swiftrl.h")


class NativeDistribution(Distribution):
    """The wheel holds a native library: it is specific to this platform."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildSwiftCore}, distclass=NativeDistribution)
