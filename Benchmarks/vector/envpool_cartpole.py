"""Steps/s of EnvPool's CartPole-v1 with 1,024 environments and uniformly random actions, measured as
Benchmarks/vector's Swift program measures SwiftRL: 2,000 steps of all environments per repetition,
median of 7 repetitions after 200 steps of warm-up; the actions are drawn in advance, 64 matrices of
1,024 uniform draws from {0, 1}, used in turn.

EnvPool runs in its synchronous mode (batch_size == num_envs: `step` steps every environment and
returns when all are done), with the thread counts given as arguments (default: 1 and the core count).

    /root/.cache/swiftrl-peers/venv/bin/python envpool_cartpole.py [threads ...]
"""
import os
import statistics
import sys
import time

import envpool
import numpy as np

ENVIRONMENTS = 1024
STEPS_PER_REPETITION = 2000
WARM_UP_STEPS = 200
REPETITIONS = 7
ACTION_MATRICES = 64


def timed(env, steps, actions):
    start = time.perf_counter()
    for step in range(steps):
        env.step(actions[step % ACTION_MATRICES])
    return time.perf_counter() - start


def main():
    thread_counts = [int(arg) for arg in sys.argv[1:]] or [1, os.cpu_count()]
    actions = np.random.default_rng(1).integers(0, 2, size=(ACTION_MATRICES, ENVIRONMENTS), dtype=np.int32)
    print(f"EnvPool {envpool.__version__}, CartPole-v1, {ENVIRONMENTS} environments, "
          f"{STEPS_PER_REPETITION} steps x {REPETITIONS} repetitions, synchronous (batch_size = num_envs)")
    for threads in thread_counts:
        env = envpool.make("CartPole-v1", env_type="gymnasium", num_envs=ENVIRONMENTS, batch_size=ENVIRONMENTS,
                           num_threads=threads, seed=0)
        env.reset()
        timed(env, WARM_UP_STEPS, actions)
        rates = sorted(ENVIRONMENTS * STEPS_PER_REPETITION / timed(env, STEPS_PER_REPETITION, actions)
                       for _ in range(REPETITIONS))
        all_rates = " ".join(f"{rate / 1e6:.1f}" for rate in rates)
        print(f"num_threads={threads}: median {statistics.median(rates) / 1e6:.2f} M steps/s (all: {all_rates})")
        env.close()


if __name__ == "__main__":
    main()
