"""The packets of one PPO update in the Python trainer: `num_envs` rollouts of `steps_per_env`
transitions, one per PPO worker's packet (a column of the update's rollout), learned through
`swiftrl_session_learn_rollout`, as `swiftrl train --server` learns them."""

import ctypes
import math

import numpy as np

from .. import _native


class RolloutColumns:
    """Gathers `count` columns of `steps` transitions of these sizes, then learns them as one update.
    `discrete_actions`: the number of actions of a discrete action space (0 for a box), whose
    packets must carry indices below it."""

    def __init__(self, steps, count, observation_size, action_size, discrete_actions=0):
        self.steps, self.count = int(steps), int(count)
        self.observation_size, self.action_size = int(observation_size), int(action_size)
        self.discrete_actions = int(discrete_actions)
        self._columns, self._episodes = [], []

    def problem(self, transitions):
        """Why a packet's transitions cannot be a column (None: they can)."""
        if transitions.log_probabilities is None:
            return "it carries no log-probabilities: a SAC or TD3 worker's packet"
        shape = (transitions.count, transitions.observations.shape[1], transitions.actions.shape[1])
        if shape != (self.steps, self.observation_size, self.action_size):
            return (f"it holds {shape[0]} transitions of {shape[1]} observations and {shape[2]} actions, the run's "
                    f"rollouts {self.steps} of {self.observation_size} and {self.action_size}")
        actions = transitions.actions
        if self.discrete_actions and not np.all((actions >= 0) & (actions < self.discrete_actions)
                                                & (np.trunc(actions) == actions)):
            return f"an action is not an index of the {self.discrete_actions} discrete actions"
        return None

    def add(self, transitions, episodes, log):
        """Adds a column (checked with `problem`) and the episodes that ended in it; episodes that are
        not finite or not at least one step long are reported through `log` and left out."""
        self._columns.append(transitions)
        for episode in episodes:
            if math.isfinite(episode.episode_return) and episode.length >= 1:
                self._episodes.append((episode.episode_return, episode.length))
            else:
                log(f"trainer: ignored an episode (return {episode.episode_return}, length {episode.length})")

    @property
    def is_full(self):
        return len(self._columns) >= self.count

    def learn(self, state):
        """Learns the columns as one update of `state` and starts gathering again; returns whether the
        run's budget is spent."""
        columns, episodes = self._columns, self._episodes
        self._columns, self._episodes = [], []

        def stacked(name, dtype):
            return np.ascontiguousarray(np.concatenate([getattr(column, name) for column in columns]), dtype=dtype)

        observations, actions = stacked("observations", np.float32), stacked("actions", np.float32)
        log_probabilities, rewards = stacked("log_probabilities", np.float32), stacked("rewards", np.float32)
        terminated, truncated = stacked("terminated", np.uint8), stacked("truncated", np.uint8)
        next_observations = stacked("next_observations", np.float32)
        returns = np.array([episode[0] for episode in episodes], dtype=np.float64)
        lengths = np.array([episode[1] for episode in episodes], dtype=np.int64)
        finished = ctypes.c_int32()
        status = _native.library.swiftrl_session_learn_rollout(
            state._handle, len(columns), self.steps, observations.ctypes.data, self.observation_size,
            actions.ctypes.data, self.action_size, log_probabilities.ctypes.data, rewards.ctypes.data,
            terminated.ctypes.data, truncated.ctypes.data, next_observations.ctypes.data,
            returns.ctypes.data if episodes else None, lengths.ctypes.data if episodes else None, len(episodes),
            ctypes.byref(finished))
        state._check(status)
        return bool(finished.value)
