"""Transitions per second through rl8's PPO on rl8's shape of work, for comparison with SwiftRL's
PPO on the same shape (BENCHMARKS.md, "rl8's shape of work").

The shape: 512 environments × horizon 32 (16,384 transitions per update, every environment reset
after each horizon: rl8's default `horizons_per_env_reset = 1`, SwiftRL's `horizon: 32`), one
minibatch of 16,384, 4 SGD iterations, on a cheap discrete environment:

- `cartpole` (default): CartPole-v1's dynamics (Gymnasium's Euler integration, force ±10, 4
  observations, 2 actions) written as an rl8 batched-tensor `Env`. rl8's environments have no
  terminations, so every environment runs its whole horizon and earns 1 per step while the pole is
  within CartPole-v1's bounds, 0 after (SwiftRL's horizon mode does not terminate either). rl8's own
  CartPole example (examples/cartpole in its repository, not in the wheel) is a different task:
  5 observations (cos/sin of the angle), 3 actions and a shaped reward.
- `dummy`: rl8's own `DiscreteDummyEnv` (1 observation, 2 actions), the environment earlier
  sessions measured rl8 on (../shared/BENCHMARKS.md).

The model is rl8's default for these specs (`DefaultDiscreteModel`: separate policy and value MLPs,
hidden sizes 256 × 256, ReLU); `--hidden 64 64` matches SwiftRL's [64, 64] networks and
`--activation tanh` its activation.

Timed: N calls of rl8's `Trainer.step()` (collect a horizon from every environment, then GAE and the
PPO update, plus rl8's own MLflow metric logging, which goes to a temporary directory) after one
untimed warm-up call. transitions/s = N × 16,384 / wall seconds of those N calls. The JSON line also
carries the medians of rl8's own `profiling/collect_ms` and `profiling/step_ms`.

Peers: rl8 1.0.0, torch 2.13.0+cpu, torchrl 0.14.1, tensordict 0.14.3 (Benchmarks/peers/setup_torch_peers.sh).

Usage:
    PY=$(Benchmarks/peers/setup_torch_peers.sh)
    $PY Benchmarks/peers/rl8_throughput.py [--updates 10] [--hidden 64 64] [--activation tanh]
        [--threads 2] [--env cartpole|dummy] [--num-envs 512] [--horizon 32] [--minibatch 16384 (the buffer)]
        [--sgd-iters 4] [--seed 0]

SwiftRL's counterpart, same shape, in the same session (release build):
    .build/release/swiftrl train --algorithm ppo --env CartPole-v1 --steps 1000000 --quiet --threads 2 \\
      --set num_envs=512 --set steps_per_env=32 --set batch_size=16384 --set epochs=4 --set horizon=32 \\
      --set actor.hidden_sizes=[64,64] --set critic.hidden_sizes=[64,64] --set evaluation.interval=0
"""

import argparse
import json
import logging
import math
import os
import statistics
import tempfile
import time


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=10, help="timed updates after one warm-up (default 10)")
    parser.add_argument("--env", choices=("cartpole", "dummy"), default="cartpole")
    parser.add_argument("--num-envs", type=int, default=512)
    parser.add_argument("--horizon", type=int, default=32)
    parser.add_argument("--minibatch", type=int, default=None,
                        help="SGD minibatch size (default: the whole buffer, num_envs × horizon, as rl8's default)")
    parser.add_argument("--sgd-iters", type=int, default=4)
    parser.add_argument("--hidden", type=int, nargs="+", default=None,
                        help="hidden sizes of both MLPs (default: rl8's, 256 256)")
    parser.add_argument("--activation", default=None, help="hidden activation (default: rl8's, relu)")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch.set_num_threads (default: torch's choice, one per core)")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


def make_cartpole_class():
    """CartPole-v1's dynamics as an rl8 `Env` (defined after torch is imported)."""
    import torch
    from tensordict import TensorDict
    from torchrl.data import Categorical, Unbounded

    from rl8 import Env
    from rl8.data import DataKeys

    # Gymnasium's classic_control/cartpole.py constants.
    gravity, cart_mass, pole_mass, half_length, force_mag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    total_mass = cart_mass + pole_mass
    pole_mass_length = pole_mass * half_length
    theta_threshold, x_threshold = 12 * 2 * math.pi / 360, 2.4

    class CartPole(Env):
        """Batched CartPole-v1 without terminations: state [x, ẋ, θ, θ̇] per environment."""

        state: torch.Tensor

        def __init__(self, num_envs, /, horizon=None, *, device="cpu"):
            super().__init__(num_envs, horizon, device=device)
            self.observation_spec = Unbounded(4, device=device)
            self.action_spec = Categorical(2, shape=torch.Size([1]), device=device)

        def reset(self, *, config=None):
            self.state = torch.empty(self.num_envs, 4, device=self.device).uniform_(-0.05, 0.05)
            return self.state

        def step(self, action):
            x, x_dot, theta, theta_dot = self.state.unbind(1)
            force = (2.0 * action.flatten().float() - 1.0) * force_mag
            cos_theta, sin_theta = torch.cos(theta), torch.sin(theta)
            temp = (force + pole_mass_length * theta_dot**2 * sin_theta) / total_mass
            theta_acc = (gravity * sin_theta - cos_theta * temp) / (
                half_length * (4.0 / 3.0 - pole_mass * cos_theta**2 / total_mass))
            x_acc = temp - pole_mass_length * theta_acc * cos_theta / total_mass
            self.state = torch.stack((x + tau * x_dot, x_dot + tau * x_acc,
                                      theta + tau * theta_dot, theta_dot + tau * theta_acc), dim=1)
            upright = (x.abs() <= x_threshold) & (theta.abs() <= theta_threshold)
            return TensorDict({DataKeys.OBS: self.state, DataKeys.REWARDS: upright.float().unsqueeze(1)},
                              batch_size=self.num_envs, device=self.device)

    return CartPole


def hidden_sizes(model):
    """The widths of the policy MLP's hidden layers (rl8's default models keep it in `feature_model`)."""
    import torch.nn as nn

    layers = [module for module in model.feature_model.modules() if isinstance(module, nn.Linear)]
    return [layer.out_features for layer in layers[:-1]]


def main():
    args = parse_arguments()
    with tempfile.TemporaryDirectory(prefix="rl8-mlruns-") as mlruns:
        # rl8's Trainer logs parameters and every step's metrics to MLflow; keep them out of the cwd.
        os.environ["MLFLOW_TRACKING_URI"] = "file:" + mlruns
        import mlflow
        import torch

        import rl8
        from rl8 import TrainConfig
        from rl8.env import DiscreteDummyEnv

        logging.getLogger("mlflow").setLevel(logging.WARNING)
        mlflow.set_experiment("rl8-throughput")  # as rl8's examples do
        if args.threads:
            torch.set_num_threads(args.threads)
        torch.manual_seed(args.seed)
        model_config = {}
        if args.hidden:
            model_config["hiddens"] = args.hidden
        if args.activation:
            model_config["activation_fn"] = args.activation
        env_cls = make_cartpole_class() if args.env == "cartpole" else DiscreteDummyEnv
        trainer = TrainConfig(env_cls, algorithm_config={
            "num_envs": args.num_envs,
            "horizon": args.horizon,
            "sgd_minibatch_size": args.minibatch,
            "num_sgd_iters": args.sgd_iters,
            "model_config": model_config or None,
            "device": "cpu",
        }).build()
        transitions_per_update = args.num_envs * args.horizon
        minibatch = trainer.algorithm.hparams.sgd_minibatch_size

        trainer.step()  # warm-up: first allocations, lazy initialisation
        collect_ms, step_ms = [], []
        start = time.perf_counter()
        for _ in range(args.updates):
            stats = trainer.step()
            collect_ms.append(stats["profiling/collect_ms"])
            step_ms.append(stats["profiling/step_ms"])
        seconds = time.perf_counter() - start
        mlflow.end_run()

    model = trainer.algorithm.policy.model
    print(json.dumps({
        "peer": "rl8",
        "rl8_version": rl8.__version__,
        "torch_version": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "env": args.env,
        "num_envs": args.num_envs,
        "horizon": args.horizon,
        "minibatch": minibatch,
        "sgd_iters": args.sgd_iters,
        "model": type(model).__name__,
        "hidden_sizes": hidden_sizes(model),
        "activation": args.activation or "relu",
        "updates": args.updates,
        "transitions": args.updates * transitions_per_update,
        "seconds": round(seconds, 3),
        "transitions_per_second": round(args.updates * transitions_per_update / seconds),
        "collect_ms_median": round(statistics.median(collect_ms), 1),
        "step_ms_median": round(statistics.median(step_ms), 1),
        "last_returns_mean": round(stats["returns/mean"], 3),
    }), flush=True)


if __name__ == "__main__":
    main()
