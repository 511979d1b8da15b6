"""Side-by-side benchmark: SwiftRL vs RLtools on Pendulum-v1: SAC and TD3 for 10,000 steps, and PPO
with RLtools' zoo configuration for 10,000,000 steps (SwiftRL runs configs/ppo-pendulum-rltools-zoo.yaml).

For each algorithm and seed it runs, one after the other in the same loop (so both see the same
machine load):
  * RLtools (pip package, MKL) on its own C++ Pendulum: ../shared/peers/rltools_pendulum.py ALGO native SEED
  * `swiftrl train` from each SwiftRL build given with --build NAME=PATH, once per thread count given
    with --threads (periodic evaluation off, as RLtools' script runs without it)
and reports train seconds (training loop only, no compile / start-up / final evaluation) and the
evaluation return. SwiftRL's final policy (policy.json) is also evaluated on Gymnasium's own
Pendulum-v1 with the seeds RLtools' script uses (1000-1009), so returns compare like for like.

usage (from the repository root; the peers' Python comes from ../shared/peers/setup.sh):
  swift build -c release --product swiftrl
  PY=$(../shared/peers/setup.sh)
  $PY Benchmarks/pendulum_vs_rltools.py --seeds 1 2 3 4 5 --threads 2 1 --build default=.build/release/swiftrl
  $PY Benchmarks/pendulum_vs_rltools.py --algorithms ppo --seeds 1 2 3 4 5 --threads 2 1 --build default=.build/release/swiftrl
It first prints the machine line of `swiftrl info` (CPU, cores, kernel variant).
"""
import argparse, json, os, statistics, subprocess, sys, tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PPO_CONFIG = os.path.join(HERE, "..", "configs", "ppo-pendulum-rltools-zoo.yaml")
PEER_SCRIPT = os.path.join(HERE, "..", "..", "shared", "peers", "rltools_pendulum.py")


def run_rltools(algorithm, seed):
    out = subprocess.run([sys.executable, PEER_SCRIPT, algorithm, "native", str(seed)],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return {"train_seconds": result["train_seconds"], "return": result["eval_return_mean"]}


def run_swiftrl(binary, algorithm, seed, threads):
    with tempfile.TemporaryDirectory() as scratch:
        run_dir = os.path.join(scratch, "run")
        command = [binary, "train", "--algorithm", algorithm, "--seed", str(seed), "--quiet",
                   "--run-dir", run_dir, "--set", "evaluation.interval=0"]
        if algorithm == "ppo":
            command += ["--config", PPO_CONFIG]
        if threads:
            command += ["--threads", str(threads)]
        subprocess.run(command, check=True, capture_output=True, text=True)
        with open(os.path.join(run_dir, "summary.json")) as f:
            summary = json.load(f)
        with open(os.path.join(run_dir, "policy.json")) as f:
            saved = json.load(f)
    return {"train_seconds": summary["train_seconds"], "return": summary["eval"]["return_mean"],
            "gymnasium_return": gymnasium_return(saved)}


def policy_action(saved, observation):
    """The deterministic action of a SwiftRL policy.json (float32 MLP, as SwiftRL computes it)."""
    policy = saved["policy"]
    network = policy["network"]
    architecture = network["architecture"]
    sizes = [architecture["inputSize"]] + architecture["hiddenSizes"] + [architecture["outputSize"]]
    parameters = np.asarray(network["parameters"], dtype=np.float32)
    x = np.asarray(observation, dtype=np.float32)
    normalization = policy.get("observationNormalization")
    if normalization:
        clip = normalization["clip"]
        x = np.clip((x - np.asarray(normalization["mean"], dtype=np.float32))
                    / np.asarray(normalization["standardDeviation"], dtype=np.float32), -clip, clip)
    offset = 0
    for layer in range(len(sizes) - 1):
        n_in, n_out = sizes[layer], sizes[layer + 1]
        weights = parameters[offset:offset + n_in * n_out].reshape(n_in, n_out)
        bias = parameters[offset + n_in * n_out:offset + (n_in + 1) * n_out]
        offset += (n_in + 1) * n_out
        x = x @ weights + bias
        activation = architecture["outputActivation"] if layer == len(sizes) - 2 else architecture["hiddenActivation"]
        if activation == "relu":
            x = np.maximum(x, 0)
        elif activation == "tanh":
            x = np.tanh(x)
        elif activation == "fast_tanh":
            x = np.clip(x, -3, 3)
            x = x * (27 + x * x) / (27 + 9 * x * x)
    low, high = np.asarray(policy["actionLow"]), np.asarray(policy["actionHigh"])
    squashing = policy["squashing"]
    normalized = np.tanh(x[:len(low)]) if squashing == "tanh_of_mean" else np.clip(x, -1, 1) if squashing == "clip" else x
    return low + (normalized + 1) * 0.5 * (high - low)


def gymnasium_return(saved, episodes=10, first_seed=1000):
    import gymnasium as gym
    env = gym.make("Pendulum-v1")
    returns = []
    for episode in range(episodes):
        observation, _ = env.reset(seed=first_seed + episode)
        total, done = 0.0, False
        while not done:
            observation, reward, terminated, truncated, _ = env.step(policy_action(saved, observation).astype(np.float32))
            total += reward
            done = terminated or truncated
        returns.append(total)
    return float(np.mean(returns))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--algorithms", nargs="+", default=["sac", "td3"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3, 4, 5])
    parser.add_argument("--build", action="append", required=True, metavar="NAME=PATH",
                        help="a SwiftRL build to time, e.g. default=.build/release/swiftrl (repeatable)")
    parser.add_argument("--threads", nargs="+", type=int, default=[None],
                        help="run each build with each of these --threads values (default: swiftrl's own)")
    args = parser.parse_args()
    builds = dict(entry.split("=", 1) for entry in args.build)
    systems = [(f"swiftrl-{name}" + (f"-t{threads}" if threads else ""), binary, threads)
               for name, binary in builds.items() for threads in args.threads]
    print(subprocess.run([next(iter(builds.values())), "info"], check=True, capture_output=True, text=True).stdout)

    results = {}
    for algorithm in args.algorithms:
        for seed in args.seeds:
            row = {"rltools": run_rltools(algorithm, seed)}
            for system, binary, threads in systems:
                row[system] = run_swiftrl(binary, algorithm, seed, threads)
            print(json.dumps({"algorithm": algorithm, "seed": seed, **row}), flush=True)
            for system, result in row.items():
                results.setdefault((algorithm, system), []).append(result)

    print("\n| algorithm | system | train s (median) | RLtools / system | return, own evaluation (mean ± std over seeds) | return on Gymnasium seeds 1000-1009 |")
    print("|---|---|---|---|---|---|")
    for algorithm in args.algorithms:
        peer = statistics.median(r["train_seconds"] for r in results[(algorithm, "rltools")])
        for system in ["rltools"] + [system for system, _, _ in systems]:
            runs = results[(algorithm, system)]
            seconds = statistics.median(r["train_seconds"] for r in runs)
            own = [r["return"] for r in runs]
            gym_returns = [r.get("gymnasium_return", r["return"]) for r in runs]
            print(f"| {algorithm.upper()} | {system} | {seconds:.2f} | {peer / seconds:.2f}× "
                  f"| {np.mean(own):.1f} ± {np.std(own):.1f} | {np.mean(gym_returns):.1f} ± {np.std(gym_returns):.1f} |")


if __name__ == "__main__":
    main()
