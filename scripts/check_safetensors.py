#!/usr/bin/env python3
"""Loads a swiftrl checkpoint's tensors with the official `safetensors` library and checks them
against checkpoint.json: every network layer by layer in PyTorch's layout (NAME.{2i}.weight
[out, in], NAME.{2i}.bias, and Adam's optimizer.NAME.{2i}.weight.exp_avg / .exp_avg_sq).

Usage: python3 scripts/check_safetensors.py RUN_DIR/checkpoints/step-000010000
Needs: pip install safetensors numpy
"""
import json
import sys
from pathlib import Path

from safetensors import safe_open
from safetensors.numpy import load_file


def layer_shapes(architecture):
    sizes = [architecture["inputSize"], *architecture["hiddenSizes"], architecture["outputSize"]]
    return [(2 * i, sizes[i + 1], sizes[i]) for i in range(len(sizes) - 1)]


def main(directory: Path) -> None:
    metadata = json.loads((directory / "checkpoint.json").read_text())
    tensors = load_file(str(directory / "tensors.safetensors"))
    with safe_open(str(directory / "tensors.safetensors"), framework="numpy") as handle:
        header = handle.metadata()
    assert header["format_version"] == str(metadata["format_version"]), header
    for name, array in sorted(tensors.items()):
        print(f"{name:40} {str(array.dtype):8} {list(array.shape)}")
    for network, architecture in metadata["networks"].items():
        optimized = network in metadata["adam_steps"]
        for module, outputs, inputs in layer_shapes(architecture):
            for prefix, suffixes in [(network, [""])] + ([(f"optimizer.{network}", [".exp_avg", ".exp_avg_sq"])] if optimized else []):
                for suffix in suffixes:
                    assert tensors[f"{prefix}.{module}.weight{suffix}"].shape == (outputs, inputs), (network, module, suffix)
                    assert tensors[f"{prefix}.{module}.bias{suffix}"].shape == (outputs,), (network, module, suffix)
    observations = tensors["observations"]
    assert observations.shape[0] == len(metadata["environment_states"]), observations.shape
    print(f"OK: {len(tensors)} tensors, {metadata['algorithm']} on {metadata['environment']} after "
          f"{metadata['environment_steps']} steps, {len(metadata['networks'])} networks, "
          f"{observations.shape[0]} environment(s)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
