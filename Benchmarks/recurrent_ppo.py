"""Recurrent PPO on CartPoleNoVelocity-v1: learning with and without memory, and the cost of memory.

Runs configs/ppo-cartpole-novelocity-lstm.yaml over seeds 1-5 as shipped (one LSTM shared by the
actor and the critic), with `--set recurrent=gru`, with an LSTM per network
(`--set shared_memory=false`, with the 20 epochs that variant needs), with `--set recurrent=none`
(the same networks without memory), and with `recurrent=none` and [64, 64] networks (a dense layer of
the LSTM's width in its place: the feed-forward step of the same width). Reports the final
evaluation's mean return (10 episodes) as mean ± std over seeds, the lowest seed's return, the median
training seconds, and each variant's time relative to the same-width feed-forward run with the same
number of epochs.

usage (from the repository root):
  swift build -c release --product swiftrl
  python3 Benchmarks/recurrent_ppo.py --build .build/release/swiftrl [--threads N] [--seeds 1 2 3 4 5]
"""
import argparse, os, statistics, subprocess, sys

sys.path.insert(0, os.path.dirname(__file__))
from ppo_learning import train  # noqa: E402

CONFIG = "configs/ppo-cartpole-novelocity-lstm.yaml"
FEED_FORWARD_SAME_WIDTH = ["recurrent=none", "actor.hidden_sizes=[64,64]", "critic.hidden_sizes=[64,64]"]
SEPARATE = ["shared_memory=false", "epochs=20"]
# (name, settings, the name of the feed-forward run its time is compared with)
VARIANTS = [("shared LSTM (as shipped)", [], "no memory, [64, 64]"),
            ("shared GRU", ["recurrent=gru"], "no memory, [64, 64]"),
            ("an LSTM per network, 20 epochs", SEPARATE, "no memory, [64, 64], 20 epochs"),
            ("no memory", ["recurrent=none"], "no memory, [64, 64]"),
            ("no memory, [64, 64]", FEED_FORWARD_SAME_WIDTH, "no memory, [64, 64]"),
            ("no memory, [64, 64], 20 epochs", FEED_FORWARD_SAME_WIDTH + ["epochs=20"], "no memory, [64, 64], 20 epochs")]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", required=True)
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3, 4, 5])
    parser.add_argument("--threads", type=int)
    args = parser.parse_args()
    print(subprocess.run([args.build, "info"], check=True, capture_output=True, text=True).stdout)
    results = {}
    for name, settings, _ in VARIANTS:
        overrides = [part for setting in settings for part in ("--set", setting)]
        summaries = [train(args.build, CONFIG, seed, args.threads, overrides) for seed in args.seeds]
        results[name] = ([s["eval"]["return_mean"] for s in summaries],
                         statistics.median(s["train_seconds"] for s in summaries))
    print("| variant | return (mean ± std over seeds) | lowest seed | train s (median) | time / same-width feed-forward |")
    print("|---|---|---|---|---|")
    for name, _, baseline in VARIANTS:
        returns, seconds = results[name]
        print(f"| {name} | {statistics.mean(returns):.1f} ± {statistics.pstdev(returns):.1f} | {min(returns):.1f} | "
              f"{seconds:.2f} | {seconds / results[baseline][1]:.2f}× |")


if __name__ == "__main__":
    main()
