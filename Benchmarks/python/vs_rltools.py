"""SwiftRL's Python package against RLtools' Python interface, in the same run, on Pendulum-v1:
time before the first training step (RLtools compiles C++ there), training time, and the return of
the final policy on Gymnasium's Pendulum-v1 (seeds 1000-1009, as RLtools' script evaluates); plus
the cost of the Python environment bridge, in µs per step above Gymnasium's own step.

usage (peers' Python from ../shared/peers/setup.sh, which has RLtools and Gymnasium):
  PY=$(../shared/peers/setup.sh)
  swift build -c release --product SwiftRLCAPI --product swiftrl
  SWIFTRL_LIBRARY=.build/release/libSwiftRLCAPI.so PYTHONPATH=python \
      $PY Benchmarks/python/vs_rltools.py --seeds 1 2 3 4 5 --cli .build/release/swiftrl
Prints one JSON line per run, then medians.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import gymnasium as gym
import numpy as np

from gymnasium_returns import mean_return

PEERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "peers")


def swiftrl_run(environment, seed, steps):
    start = time.perf_counter()
    import swiftrl
    sac = swiftrl.SAC(environment, STEP_LIMIT=steps, enable_evaluation=False)
    state = sac.State(seed=seed)
    ready = time.perf_counter()
    while not state.step():
        pass
    trained = time.perf_counter()
    kind = "built-in" if isinstance(environment, str) else "gymnasium"
    return {"system": f"swiftrl ({kind} Pendulum)", "seed": seed, "startup_seconds": round(ready - start, 3),
            "train_seconds": round(trained - ready, 3),
            "eval_return_mean": round(mean_return("Pendulum-v1", state.action), 2)}


def rltools_run(seed, steps):
    output = subprocess.run([sys.executable, os.path.join(PEERS, "rltools_pendulum.py"), "sac", "gym", str(seed), str(steps)],
                            capture_output=True, text=True, check=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    return {"system": "rltools (gymnasium Pendulum)", "seed": seed, "startup_seconds": result["compile_seconds"],
            "train_seconds": result["train_seconds"], "eval_return_mean": result["eval_return_mean"]}


def cli_run(cli, seed, steps):
    """The Swift CLI on its built-in Pendulum: `train_seconds` of its summary.json (the loop alone)."""
    import tempfile
    with tempfile.TemporaryDirectory() as directory:
        subprocess.run([cli, "train", "--algorithm", "sac", "--steps", str(steps), "--seed", str(seed), "--quiet",
                        "--set", "evaluation.interval=0", "--run-dir", os.path.join(directory, "run")], check=True,
                       capture_output=True)
        summary = json.load(open(os.path.join(directory, "run", "summary.json")))
    return {"system": "swiftrl CLI (built-in Pendulum)", "seed": seed, "startup_seconds": 0.0,
            "train_seconds": summary["train_seconds"], "eval_return_mean": float("nan")}


def bridge_overhead(steps=20000):
    """µs per step: Gymnasium's own step, and SwiftRL's SAC step on Gymnasium's Pendulum minus the
    same step on the built-in one minus Gymnasium's step (what the bridge adds)."""
    environment = gym.make("Pendulum-v1")
    environment.reset(seed=0)
    action = np.zeros(1, dtype=np.float32)
    start = time.perf_counter()
    for _ in range(steps):
        _, _, terminated, truncated, _ = environment.step(action)
        if terminated or truncated:
            environment.reset()
    gymnasium_step = (time.perf_counter() - start) / steps * 1e6
    import swiftrl
    times = {}
    for name, environment in (("built-in", "Pendulum-v1"), ("gymnasium", lambda: gym.make("Pendulum-v1"))):
        state = swiftrl.SAC(environment, STEP_LIMIT=steps, N_WARMUP_STEPS=steps, enable_evaluation=False).State(seed=1)
        start = time.perf_counter()
        while not state.step():
            pass
        times[name] = (time.perf_counter() - start) / steps * 1e6
    return {"gymnasium_step_us": round(gymnasium_step, 2), "swiftrl_builtin_step_us": round(times["built-in"], 2),
            "swiftrl_gymnasium_step_us": round(times["gymnasium"], 2),
            "bridge_overhead_us": round(times["gymnasium"] - times["built-in"] - gymnasium_step, 2)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--steps", type=int, default=10000)
    parser.add_argument("--cli", help="the swiftrl executable, to time the CLI on the built-in Pendulum too")
    arguments = parser.parse_args()
    results = []
    for seed in arguments.seeds:
        runs = [lambda: rltools_run(seed, arguments.steps),
                lambda: swiftrl_run(lambda: gym.make("Pendulum-v1"), seed, arguments.steps),
                lambda: swiftrl_run("Pendulum-v1", seed, arguments.steps)]
        if arguments.cli:
            runs.append(lambda: cli_run(arguments.cli, seed, arguments.steps))
        for run in runs:
            result = run()
            print(json.dumps(result), flush=True)
            results.append(result)
    print("| system | time before training, s (median) | train s (median) | return on Gymnasium, mean over seeds |")
    print("|---|---|---|---|")
    for system in dict.fromkeys(r["system"] for r in results):
        rows = [r for r in results if r["system"] == system]
        print(f"| {system} | {statistics.median(r['startup_seconds'] for r in rows):.2f} "
              f"| {statistics.median(r['train_seconds'] for r in rows):.2f} "
              f"| {statistics.mean(r['eval_return_mean'] for r in rows):.1f} |")
    print(json.dumps(bridge_overhead()))


if __name__ == "__main__":
    main()
