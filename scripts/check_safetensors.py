#!/usr/bin/env python3
"""Loads a swiftrl checkpoint's tensors with the official `safetensors` library and checks them
against checkpoint.json.

Usage: python3 scripts/check_safetensors.py RUN_DIR/checkpoints/step-000010000
Needs: pip install safetensors numpy
"""
import json
import math
import sys
from pathlib import Path

from safetensors import safe_open
from safetensors.numpy import load_file


def main(directory: Path) -> None:
    metadata = json.loads((directory / "checkpoint.json").read_text())
    tensors = load_file(str(directory / "tensors.safetensors"))
    with safe_open(str(directory / "tensors.safetensors"), framework="numpy") as handle:
        header = handle.metadata()
    assert header["format_version"] == str(metadata["format_version"]), header
    for name, array in sorted(tensors.items()):
        print(f"{name:28} {str(array.dtype):8} {list(array.shape)}")
    for network, architecture in metadata["networks"].items():
        sizes = [architecture["inputSize"], *architecture["hiddenSizes"], architecture["outputSize"]]
        expected = sum((sizes[i] + 1) * sizes[i + 1] for i in range(len(sizes) - 1))
        for suffix in ("parameters", "adam.m", "adam.v"):
            assert tensors[f"{network}.{suffix}"].shape == (expected,), (network, suffix)
    assert tensors["episode_returns"].shape == (metadata["episodes"],)
    returns = tensors["episode_returns"]
    print(f"OK: {len(tensors)} tensors, {metadata['algorithm']} on {metadata['environment']} "
          f"after {metadata['environment_steps']} steps; last episode return "
          f"{returns[-1] if len(returns) else math.nan}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
