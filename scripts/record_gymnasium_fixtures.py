#!/usr/bin/env python3
"""Records reference trajectories of Gymnasium's classic-control environments for SwiftRL's tests.

Run from the repository root:

    pip install gymnasium==1.4.0 && python3 scripts/record_gymnasium_fixtures.py

For each environment, `gymnasium.make(id)` (so with its registered TimeLimit) is run for a few
episodes with fixed seeds and seeded actions, and one JSON file is written to
`Tests/SwiftRLEnvironmentsTests/Fixtures/<id>.json`:

    {
      "id": "Pendulum-v1", "gymnasium": "1.4.0", "numpy": "...", "max_episode_steps": 200,
      "episodes": [
        {
          "description": "...",
          "seed": 0,                        # the seed passed to reset
          "state_was_set": false,           # true: `initial_state` was assigned after reset
          "initial_state": ["0x1.8p+1", ...],     # env.unwrapped.state, float64 as float.hex()
          "reset_observation": ["0x1.8p+1", ...], # float32 values, widened exactly, float.hex()
          "steps": [
            {"action": [...],               # discrete: [index]; continuous: float32 as float.hex()
             "observation": [...],          # float32 values as float.hex()
             "state": [...],                # env.unwrapped.state after the step, float.hex()
             "reward": "-0x1.8p+1",         # float64 as float.hex()
             "terminated": false, "truncated": false}
          ]
        }
      ]
    }

float.hex() round-trips every float64 exactly, and a float32 widened to float64 exactly, so every
value can be compared bit for bit. Episodes stop when terminated or truncated, or at a step cap,
except where an episode deliberately steps past a termination (CartPole).
"""

import json
import pathlib

import gymnasium as gym
import numpy as np

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "SwiftRLEnvironmentsTests" / "Fixtures"


def hexes(values):
    """float.hex() of each value (float32 values are widened exactly first)."""
    return [float(v).hex() for v in np.asarray(values, dtype=np.float64).ravel()]


def observe(env):
    """The observation Gymnasium would compute from the unwrapped env's current state."""
    inner = env.unwrapped
    if hasattr(inner, "_get_obs"):
        return inner._get_obs()  # Pendulum
    if hasattr(inner, "_get_ob"):
        return inner._get_ob()  # Acrobot
    return np.array(inner.state, dtype=np.float32)  # CartPole, both MountainCars


def record_episode(env, seed, policy, max_steps, description, state=None, steps_after_termination=0):
    """Resets with `seed` (then assigns `state` if given) and steps with `policy` until done."""
    observation, _ = env.reset(seed=seed)
    if state is not None:
        env.unwrapped.state = np.array(state, dtype=np.float64)
        observation = observe(env)
    else:
        assert np.array_equal(observation, observe(env))
    initial_state = hexes(env.unwrapped.state)
    reset_observation = hexes(observation)
    rng = np.random.default_rng(10_000 + seed)
    steps = []
    remaining_after_termination = steps_after_termination
    for _ in range(max_steps):
        action = policy(rng, env.unwrapped)
        observation, reward, terminated, truncated, _ = env.step(action)
        if isinstance(action, np.ndarray):
            recorded_action = hexes(action)
        else:
            recorded_action = [int(action)]
        steps.append(
            {
                "action": recorded_action,
                "observation": hexes(observation),
                "state": hexes(env.unwrapped.state),
                "reward": float(reward).hex(),
                "terminated": bool(terminated),
                "truncated": bool(truncated),
            }
        )
        if truncated:
            break
        if terminated:
            if remaining_after_termination == 0:
                break
            remaining_after_termination -= 1
    return {
        "description": description,
        "seed": seed,
        "state_was_set": state is not None,
        "initial_state": initial_state,
        "reset_observation": reset_observation,
        "steps": steps,
    }


# MARK: - Policies (each draws from the episode's own seeded generator)


def uniform_box(low, high):
    return lambda rng, _: rng.uniform(low, high, size=(1,)).astype(np.float32)


def discrete(count):
    return lambda rng, _: int(rng.integers(count))


def constant(action):
    return lambda rng, _: action


def pendulum_pump(rng, inner):
    """Torque along the angular velocity (beyond the bounds, so it is clipped): spins up to the speed limit."""
    magnitude = rng.uniform(1.5, 3.0)
    return np.array([magnitude if inner.state[1] >= 0 else -magnitude], dtype=np.float32)


def car_pump(rng, inner):
    """Force along the velocity, sometimes beyond the bounds."""
    magnitude = rng.uniform(0.5, 2.0)
    return np.array([magnitude if inner.state[1] >= 0 else -magnitude], dtype=np.float32)


def cartpole_balance(rng, inner):
    """A simple stabilizing controller, with occasional random actions: survives until the time limit."""
    _, _, theta, theta_dot = inner.state
    if rng.uniform() < 0.1:
        return int(rng.integers(2))
    return 1 if theta + 0.5 * theta_dot > 0 else 0


def acrobot_pump(rng, inner):
    """Torque along the second joint's velocity: swings up until the tip crosses the line."""
    if rng.uniform() < 0.1:
        return int(rng.integers(3))
    return 2 if inner.state[3] >= 0 else 0


EPISODES = {
    "Pendulum-v1": [
        dict(seed=0, policy=uniform_box(-3.0, 3.0), max_steps=250, description="random torques in [-3, 3], to the time limit"),
        dict(seed=1, policy=pendulum_pump, max_steps=120, description="pumping torques beyond the bounds, up to the speed limit"),
        dict(seed=2, policy=uniform_box(-2.0, 2.0), max_steps=40, description="random torques in [-2, 2]"),
    ],
    "MountainCarContinuous-v0": [
        dict(seed=0, policy=uniform_box(-1.5, 1.5), max_steps=150, description="random forces in [-1.5, 1.5]"),
        dict(seed=1, policy=car_pump, max_steps=400, description="pumping forces, up to the goal"),
        dict(seed=2, policy=constant(np.array([2.0], dtype=np.float32)), max_steps=12,
             state=[-0.5, 0.0695], description="from a set state at the speed limit, pushing right beyond the bound"),
        dict(seed=3, policy=constant(np.array([-1.25], dtype=np.float32)), max_steps=12,
             state=[-1.15, -0.06], description="from a set state near the left wall, pushing left into it"),
    ],
    "CartPole-v1": [
        dict(seed=0, policy=discrete(2), max_steps=600, steps_after_termination=3,
             description="random actions until termination, then 3 more steps"),
        dict(seed=1, policy=discrete(2), max_steps=600, description="random actions until termination"),
        dict(seed=2, policy=cartpole_balance, max_steps=600, description="a balancing controller, to the time limit"),
    ],
    "Acrobot-v1": [
        dict(seed=0, policy=discrete(3), max_steps=600, description="random actions, to the time limit"),
        dict(seed=1, policy=acrobot_pump, max_steps=500, description="pumping torques, up to the goal line"),
        dict(seed=2, policy=discrete(3), max_steps=30, state=[0.0, 2.0, 0.5, 27.5],
             description="from a set fast state: over the speed bounds and across the angle wrap"),
        dict(seed=3, policy=discrete(3), max_steps=30, state=[0.0, -2.0, -0.5, -28.0],
             description="from a set fast state: over the negative speed bounds and across the angle wrap"),
    ],
    "MountainCar-v0": [
        dict(seed=0, policy=discrete(3), max_steps=250, description="random actions, to the time limit"),
        dict(seed=1, policy=discrete(3), max_steps=50, description="random actions"),
        dict(seed=2, policy=constant(2), max_steps=100, state=[0.3, 0.04], description="from a set state near the goal, pushing right"),
        dict(seed=3, policy=constant(0), max_steps=15, state=[-1.15, -0.06], description="from a set state near the left wall, pushing left into it"),
    ],
}


def to_json(fixture):
    """Indented JSON with one line per step, so the files stay small and diffable."""
    compact = lambda value: json.dumps(value, separators=(",", ":"))
    lines = ["{"]
    for key, value in fixture.items():
        if key != "episodes":
            lines.append(f" {compact(key)}:{compact(value)},")
    lines.append(' "episodes":[')
    for index, episode in enumerate(fixture["episodes"]):
        lines.append("  {")
        for key, value in episode.items():
            if key != "steps":
                lines.append(f"   {compact(key)}:{compact(value)},")
        lines.append('   "steps":[')
        lines.append(",\n".join("    " + compact(step) for step in episode["steps"]))
        lines.append("   ]")
        lines.append("  }" + ("," if index + 1 < len(fixture["episodes"]) else ""))
    lines.append(" ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for env_id, episodes in EPISODES.items():
        env = gym.make(env_id)
        fixture = {
            "id": env_id,
            "gymnasium": gym.__version__,
            "numpy": np.__version__,
            "max_episode_steps": env.spec.max_episode_steps,
            "episodes": [record_episode(env, **episode) for episode in episodes],
        }
        path = OUTPUT / f"{env_id}.json"
        path.write_text(to_json(fixture))
        summary = ", ".join(
            f"{len(e['steps'])} steps"
            + (" (terminated)" if any(s["terminated"] for s in e["steps"]) else "")
            + (" (truncated)" if e["steps"] and e["steps"][-1]["truncated"] else "")
            for e in fixture["episodes"]
        )
        print(f"{path.name}: {path.stat().st_size // 1024} KB; {summary}")


if __name__ == "__main__":
    main()
