"""Observations as SwiftRL's policies take them: one float32 vector.

The rule, used in training, by the exported header's caller and by `swiftrl.Policy`: a nested
observation (tuple, list or dict of arrays and numbers, as Gymnasium's Tuple and Dict spaces give
them) is flattened depth first, tuples and lists in order, dicts by sorted key (Gymnasium's Dict
order), each array in C order, every value cast to float32. rtgym's observations, tuples ending
with the action buffer, flatten to their parts followed by the buffered actions, oldest first."""

import gymnasium
import numpy as np


def flatten_observation(observation):
    """The float32 vector of a (possibly nested) observation, by the rule above."""
    if isinstance(observation, np.ndarray):  # the common case, at every step: no concatenation
        return observation.astype(np.float32, copy=False).reshape(-1)
    parts = []
    _collect(observation, parts)
    if not parts:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(parts).astype(np.float32, copy=False)


def _collect(value, parts):
    if isinstance(value, dict):
        for key in sorted(value):
            _collect(value[key], parts)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _collect(item, parts)
    else:
        parts.append(np.asarray(value, dtype=np.float32).reshape(-1))


class GenericGymEnv(gymnasium.Wrapper):
    """TMRL's `GenericGymEnv`: `gymnasium.make(id, **gym_kwargs)` with float64 Box observations
    given as float32 (their space too). Pass `functools.partial(GenericGymEnv, id="Pendulum-v1")`
    as a worker's `env_cls`."""

    def __init__(self, id="Pendulum-v1", gym_kwargs=None):  # noqa: A002 - TMRL's name
        super().__init__(gymnasium.make(id, **(gym_kwargs or {})))
        self.observation_space = _as_float32(self.env.observation_space)

    def reset(self, **kwargs):
        observation, info = self.env.reset(**kwargs)
        return _cast(observation), info

    def step(self, action):
        observation, reward, terminated, truncated, info = self.env.step(action)
        return _cast(observation), reward, terminated, truncated, info


def _as_float32(space):
    if isinstance(space, gymnasium.spaces.Box) and space.dtype == np.float64:
        return gymnasium.spaces.Box(space.low.astype(np.float32), space.high.astype(np.float32), dtype=np.float32)
    if isinstance(space, gymnasium.spaces.Tuple):
        return gymnasium.spaces.Tuple([_as_float32(item) for item in space.spaces])
    if isinstance(space, gymnasium.spaces.Dict):
        return gymnasium.spaces.Dict({key: _as_float32(item) for key, item in space.spaces.items()})
    return space


def _cast(value):
    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        return value.astype(np.float32)
    if isinstance(value, tuple):
        return tuple(_cast(item) for item in value)
    if isinstance(value, dict):
        return {key: _cast(item) for key, item in value.items()}
    return value


def flat_bounds(space):
    """The bounds of `space`'s flattened observations (float32 low and high), by the same rule:
    Box bounds in C order, Tuple in order, Dict by sorted key, Discrete(n, start) as one value in
    [start, start + n - 1]."""
    lows, highs = [], []
    _bounds(space, lows, highs)
    return np.concatenate(lows).astype(np.float32), np.concatenate(highs).astype(np.float32)


def _bounds(space, lows, highs):
    spaces = gymnasium.spaces
    if isinstance(space, spaces.Box):
        lows.append(np.asarray(space.low, dtype=np.float64).reshape(-1))
        highs.append(np.asarray(space.high, dtype=np.float64).reshape(-1))
    elif isinstance(space, spaces.Discrete):
        lows.append(np.array([space.start], dtype=np.float64))
        highs.append(np.array([space.start + space.n - 1], dtype=np.float64))
    elif isinstance(space, spaces.Tuple):
        for item in space.spaces:
            _bounds(item, lows, highs)
    elif isinstance(space, spaces.Dict):
        for key in sorted(space.spaces):
            _bounds(space.spaces[key], lows, highs)
    else:
        raise TypeError(f"cannot flatten a {type(space).__name__} observation space (Box, Discrete, Tuple and Dict can)")


class FlatObservations(gymnasium.ObservationWrapper):
    """An environment whose (possibly nested) observations are given flattened by the rule above, in
    a Box of the flattened bounds: how a trainer presents a worker's environment to the core."""

    def __init__(self, env):
        super().__init__(env)
        low, high = flat_bounds(env.observation_space)
        self.observation_space = gymnasium.spaces.Box(low, high, dtype=np.float32)

    def observation(self, observation):
        return flatten_observation(observation)
