"""The evaluation both Python benchmarks use: a policy's mean return on a Gymnasium environment."""

import gymnasium as gym
import numpy as np


def mean_return(environment_id, action, episodes=10, first_seed=1000):
    """Mean return of `action(observation)` over `episodes` episodes of `gym.make(environment_id)`,
    episode i reset with seed `first_seed + i` (as RLtools' benchmark script evaluates)."""
    environment = gym.make(environment_id)
    returns = []
    for episode in range(episodes):
        observation, _ = environment.reset(seed=first_seed + episode)
        done, total = False, 0.0
        while not done:
            observation, reward, terminated, truncated, _ = environment.step(action(observation))
            total += reward
            done = terminated or truncated
        returns.append(total)
    return float(np.mean(returns))
