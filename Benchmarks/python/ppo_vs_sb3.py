"""PPO on Gymnasium's CartPole-v1 over 8 environments stepped synchronously (SwiftRL: a
`gymnasium.vector.SyncVectorEnv`; Stable-Baselines3: its own `DummyVecEnv`, as `make_vec_env`
makes it): SwiftRL's Python package against Stable-Baselines3 (PyTorch, CPU), in the same run, with SB3 zoo's
tuned hyperparameters on both sides (8 × 32 steps, minibatches of 256, 20 epochs, γ 0.98,
λ 0.8, learning rate 1e-3 and clip range 0.2 both annealed to 0, no entropy bonus, [64, 64] tanh),
99,840 steps. Per seed: training seconds and the final deterministic policy's mean return over 10
episodes of Gymnasium's CartPole-v1 (seeds 1000-1009).

usage (a Python with stable-baselines3 and torch, and SwiftRL's package or SWIFTRL_LIBRARY/PYTHONPATH):
  SWIFTRL_LIBRARY=.build/release/libSwiftRLCAPI.so PYTHONPATH=python $PY Benchmarks/python/ppo_vs_sb3.py --seeds 1 2 3 4 5
"""

import argparse
import json
import statistics
import time

import gymnasium as gym

from gymnasium_returns import mean_return

STEPS = 99_840


def vector():
    return gym.vector.SyncVectorEnv([lambda: gym.make("CartPole-v1")] * 8)


def swiftrl_run(seed):
    import swiftrl
    ppo = swiftrl.PPO(vector, num_envs=8, steps_per_env=32, batch_size=256, epochs=20, learning_rate=1e-3,
                      anneal_learning_rate=True, clip_range=0.2, anneal_clip_range=True, gamma=0.98, gae_lambda=0.8,
                      entropy_coefficient=0.0, steps=STEPS, evaluation={"interval": 0})
    state = ppo.State(seed=seed)
    start = time.perf_counter()
    while not state.step():
        pass
    seconds = time.perf_counter() - start
    return {"system": "swiftrl", "seed": seed, "train_seconds": round(seconds, 3),
            "return": mean_return("CartPole-v1", lambda o: int(state.action(o)[0]))}


def sb3_run(seed):
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_util import make_vec_env
    torch.set_num_threads(2)
    # SB3 steps its own synchronous vector environment (DummyVecEnv), not a gymnasium.vector one.
    model = PPO("MlpPolicy", make_vec_env("CartPole-v1", n_envs=8, seed=seed), n_steps=32, batch_size=256, n_epochs=20, learning_rate=lambda f: 1e-3 * f,
                clip_range=lambda f: 0.2 * f, gamma=0.98, gae_lambda=0.8, ent_coef=0.0, seed=seed, device="cpu",
                policy_kwargs={"net_arch": [64, 64]}, verbose=0)
    start = time.perf_counter()
    model.learn(total_timesteps=STEPS)
    seconds = time.perf_counter() - start
    return {"system": "stable-baselines3", "seed": seed, "train_seconds": round(seconds, 3),
            "return": mean_return("CartPole-v1", lambda o: int(model.predict(o, deterministic=True)[0]))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    arguments = parser.parse_args()
    results = []
    for seed in arguments.seeds:
        for run in (sb3_run, swiftrl_run):
            result = run(seed)
            print(json.dumps(result), flush=True)
            results.append(result)
    print("| system | train s (median) | returns, seeds " + " ".join(map(str, arguments.seeds)) + " |")
    print("|---|---|---|")
    for system in ("stable-baselines3", "swiftrl"):
        rows = [r for r in results if r["system"] == system]
        print(f"| {system} | {statistics.median(r['train_seconds'] for r in rows):.2f} | "
              + ", ".join(f"{r['return']:.1f}" for r in rows) + " |")


if __name__ == "__main__":
    main()
