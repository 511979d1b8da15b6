"""PPO learning results: each shipped configuration over seeds 1-5, with its training time.

For configs/ppo-cartpole.yaml, configs/ppo-acrobot.yaml and configs/ppo-pendulum-rltools-zoo.yaml it
runs `swiftrl train --config FILE --seed S` and reports, per configuration, the final evaluation's
mean return (10 episodes, SwiftRL's own environment, seeds 1000-1009) as mean ± std over seeds, the
lowest seed's return, and the median training seconds (training loop only).

usage (from the repository root):
  swift build -c release --product swiftrl
  python3 Benchmarks/ppo_learning.py --build .build/release/swiftrl [--threads N] [--seeds 1 2 3 4 5]
"""
import argparse, json, os, statistics, subprocess, tempfile

CONFIGS = ["configs/ppo-cartpole.yaml", "configs/ppo-acrobot.yaml", "configs/ppo-pendulum-rltools-zoo.yaml"]


def train(binary, config, seed, threads, overrides=()):
    with tempfile.TemporaryDirectory() as scratch:
        run_dir = os.path.join(scratch, "run")
        command = [binary, "train", "--config", config, "--seed", str(seed), "--quiet", "--run-dir", run_dir,
                   *overrides]
        if threads:
            command += ["--threads", str(threads)]
        subprocess.run(command, check=True, capture_output=True, text=True)
        with open(os.path.join(run_dir, "summary.json")) as f:
            return json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", required=True)
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3, 4, 5])
    parser.add_argument("--threads", type=int)
    parser.add_argument("--configs", nargs="+", default=CONFIGS)
    args = parser.parse_args()
    print(subprocess.run([args.build, "info"], check=True, capture_output=True, text=True).stdout)
    print("| configuration | steps | return (mean ± std over seeds) | lowest seed | train s (median) |")
    print("|---|---|---|---|---|")
    for config in args.configs:
        summaries = [train(args.build, config, seed, args.threads) for seed in args.seeds]
        returns = [s["eval"]["return_mean"] for s in summaries]
        seconds = statistics.median(s["train_seconds"] for s in summaries)
        print(f"| {os.path.basename(config)} | {summaries[0]['env_steps']} | {statistics.mean(returns):.1f} ± "
              f"{statistics.pstdev(returns):.1f} | {min(returns):.1f} | {seconds:.2f} |", flush=True)


if __name__ == "__main__":
    main()
