"""A policy.json whose network is saved as a PPO model of other layers saves it: the MLP's dense
layers listed one by one (`{"layers": [...], "parameters": [...]}`), their hidden activations
alternating tanh and relu, so that the network is no longer an MLP.

Usage: layered_policy.py SOURCE_POLICY_JSON DESTINATION
"""
import json
import sys
from pathlib import Path


def layered(saved: dict) -> dict:
    """`saved` (a policy.json's content, with an MLP network) with its network as layers."""
    network = saved["policy"]["network"]
    shape = network.pop("architecture")
    sizes = [shape["inputSize"], *shape["hiddenSizes"], shape["outputSize"]]
    activations = ["relu" if i % 2 else "tanh" for i in range(len(sizes) - 2)] + [shape["outputActivation"]]
    network["layers"] = [{"kind": "dense", "inputs": i, "outputs": o, "activation": a}
                         for i, o, a in zip(sizes, sizes[1:], activations)]
    return saved


def main(source, destination):
    """Writes `source`'s policy with its network as layers to `destination` (which may be `source`)."""
    Path(destination).write_text(json.dumps(layered(json.loads(Path(source).read_text())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(*sys.argv[1:3])
