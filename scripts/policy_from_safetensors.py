#!/usr/bin/env python3
"""Computes a SwiftRL policy's deterministic actions from its PyTorch-layout safetensors file alone
(`swiftrl export --format safetensors`), with NumPy, in float64.

Usage: python3 scripts/policy_from_safetensors.py POLICY.safetensors OBSERVATIONS.json
Reads a JSON list of observations and prints a JSON list of actions. A recurrent policy (an LSTM or
GRU in `memory.*`, as torch.nn.LSTM and torch.nn.GRU hold them) takes the list as one episode: its
state starts at zero and carries from one observation to the next.
Needs: pip install safetensors numpy

In PyTorch the same file loads into torch.nn.Sequential(Linear, Tanh, Linear, Tanh, Linear) with
    sequential.load_state_dict({k.removeprefix("actor."): v for k, v in load_file(path).items()
                                if k.startswith("actor.")})
"""
import json
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

def fast_tanh(x):
    x = np.clip(x, -3.0, 3.0)
    return x * (27.0 + x * x) / (27.0 + 9.0 * x * x)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def memory_step(tensors, cell, x, state):
    """One step of torch.nn.LSTM or torch.nn.GRU (one layer, gates in PyTorch's order); returns the
    features (the new h) and the new state."""
    a = tensors["memory.weight_ih_l0"] @ x + tensors["memory.bias_ih_l0"]
    b = tensors["memory.weight_hh_l0"] @ state[0] + tensors["memory.bias_hh_l0"]
    if cell == "lstm":
        i, f, g, o = np.split(a + b, 4)
        c = sigmoid(f) * state[1] + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        return h, (h, c)
    (ar, az, an), (br, bz, bn) = np.split(a, 3), np.split(b, 3)
    r, z = sigmoid(ar + br), sigmoid(az + bz)
    h = (1.0 - z) * np.tanh(an + r * bn) + z * state[0]
    return h, (h,)


ACTIVATIONS = {"identity": lambda x: x, "relu": lambda x: np.maximum(x, 0.0), "tanh": np.tanh, "fast_tanh": fast_tanh}


def actions(path, observations):
    tensors = {name: array.astype(np.float64) for name, array in load_file(path).items()}
    with safe_open(path, framework="numpy") as handle:
        metadata = handle.metadata()
    assert metadata["format"] == "swiftrl-policy", metadata
    activations = metadata["activations"].split()
    head = metadata["head"]
    cell = metadata.get("recurrent")
    if cell is not None:
        hidden = tensors["memory.weight_hh_l0"].shape[1]
        state = (np.zeros(hidden),) * (2 if cell == "lstm" else 1)
    results = []
    for observation in observations:
        x = np.asarray(observation, dtype=np.float64)
        if "observation_normalization.mean" in tensors:
            clip = tensors["observation_normalization.clip"][0]
            x = np.clip((x - tensors["observation_normalization.mean"]) / tensors["observation_normalization.std"],
                        -clip, clip)
        if cell is not None:
            x, state = memory_step(tensors, cell, x, state)
        for layer, activation in enumerate(activations):
            x = ACTIVATIONS[activation](tensors[f"actor.{2 * layer}.weight"] @ x + tensors[f"actor.{2 * layer}.bias"])
        if head == "argmax":
            results.append([float(np.argmax(x))])
            continue
        if head == "tanh_of_mean":
            a = np.tanh(x[: len(tensors["action_low"])])
        elif head == "clip":
            a = np.clip(x, -1.0, 1.0)
        else:
            a = x
        low, high = tensors["action_low"], tensors["action_high"]
        results.append((low + (a + 1.0) * 0.5 * (high - low)).tolist())
    return results


if __name__ == "__main__":
    with open(sys.argv[2]) as file:
        print(json.dumps(actions(sys.argv[1], json.load(file))))
