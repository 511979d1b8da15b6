"""Gymnasium environments behind SwiftRL's environment callbacks.

The bridge owns every buffer the Swift core reads and writes (observations, actions, rewards,
flags, final observations), so a step moves no Python objects across the boundary: Swift writes
the actions into `actions`, calls `step`, and reads the rest back.

A failure inside a callback (an exception from the environment) is kept and returned to Swift as a
non-zero status; SwiftRL then stops the call and the caller re-raises the exception.
"""

import ctypes

import numpy as np

from . import _native

_MAX_SEED = 2 ** 64


def _flat_box(space, what):
    import gymnasium
    if not isinstance(space, gymnasium.spaces.Box):
        raise TypeError(f"SwiftRL needs a Box {what} space, got {space}")
    low = np.asarray(space.low, dtype=np.float32).reshape(-1)
    high = np.asarray(space.high, dtype=np.float32).reshape(-1)
    return low, high


class Bridge:
    """`count` environments (a list of Gymnasium environments, or one `gymnasium.vector.VectorEnv`)
    as one `swiftrl_environment`."""

    def __init__(self, environments, name="python"):
        import gymnasium
        self.vector = environments if isinstance(environments, gymnasium.vector.VectorEnv) else None
        if self.vector is not None:
            self.environments = []
            self.count = self.vector.num_envs
            observation_space = self.vector.single_observation_space
            action_space = self.vector.single_action_space
            mode = self.vector.metadata.get("autoreset_mode", gymnasium.vector.AutoresetMode.NEXT_STEP)
            self.autoreset_mode = gymnasium.vector.AutoresetMode(mode)
        else:
            self.environments = list(environments)
            self.count = len(self.environments)
            if self.count == 0:
                raise ValueError("no environments")
            observation_space = self.environments[0].observation_space
            action_space = self.environments[0].action_space
        self.observation_shape = observation_space.shape
        self.observation_low, self.observation_high = _flat_box(observation_space, "observation")
        observation_dimension = self.observation_low.size
        if isinstance(action_space, gymnasium.spaces.Discrete):
            self.discrete_start = int(action_space.start)
            discrete_actions = int(action_space.n)
            action_dimension = 1
            self.action_low = self.action_high = np.zeros(1, dtype=np.float32)
        else:
            self.discrete_start = None
            discrete_actions = 0
            self.action_low, self.action_high = _flat_box(action_space, "action")
            action_dimension = self.action_low.size
            self.action_shape = action_space.shape
            self.action_dtype = action_space.dtype
        self.observations = np.zeros((self.count, observation_dimension), dtype=np.float32)
        self.final_observations = np.zeros((self.count, observation_dimension), dtype=np.float32)
        self.actions = np.zeros((self.count, action_dimension), dtype=np.float32)
        self.rewards = np.zeros(self.count, dtype=np.float64)
        self.terminated = np.zeros(self.count, dtype=np.uint8)
        self.truncated = np.zeros(self.count, dtype=np.uint8)
        self.error = None
        self._reset_callback = _native.RESET(self._reset)
        self._step_callback = _native.STEP(self._step)
        self._name = name.encode()

        def pointer(array, kind):
            return array.ctypes.data_as(ctypes.POINTER(kind))

        self.structure = _native.Environment(
            name=self._name, count=self.count, observation_dimension=observation_dimension,
            observation_low=pointer(self.observation_low, ctypes.c_float),
            observation_high=pointer(self.observation_high, ctypes.c_float),
            action_dimension=action_dimension, discrete_actions=discrete_actions,
            action_low=pointer(self.action_low, ctypes.c_float), action_high=pointer(self.action_high, ctypes.c_float),
            observations=pointer(self.observations, ctypes.c_float), actions=pointer(self.actions, ctypes.c_float),
            rewards=pointer(self.rewards, ctypes.c_double), terminated=pointer(self.terminated, ctypes.c_uint8),
            truncated=pointer(self.truncated, ctypes.c_uint8),
            final_observations=pointer(self.final_observations, ctypes.c_float), context=None,
            reset=self._reset_callback, step=self._step_callback)

    def saved_environments(self):
        """What `restore_environments` puts back: the environments themselves (pickled by the caller)."""
        return self.vector if self.vector is not None else self.environments

    def restore_environments(self, saved):
        """Steps `saved` (from `saved_environments`) from now on, in place of the current ones."""
        import gymnasium
        if isinstance(saved, gymnasium.vector.VectorEnv) != (self.vector is not None):
            raise TypeError("the saved environments are not of the kind this session steps")
        count = saved.num_envs if self.vector is not None else len(saved)
        if count != self.count:
            raise ValueError(f"{count} environments saved, {self.count} in this session")
        if self.vector is not None:
            self.vector = saved
        else:
            self.environments = list(saved)

    def take_error(self):
        """The exception a callback met, if any (cleared)."""
        error, self.error = self.error, None
        return error

    def _checked(self, observation, rows=None):
        """`observation` (of one environment, or of all `rows`) flattened into rows for the float32
        buffers, or a clear error for another size or a non-numeric dtype."""
        array = np.asarray(observation)
        expected = (self.observations.shape[1] if rows is None else rows * self.observations.shape[1])
        if array.size != expected:
            raise ValueError(f"the environment returned an observation of shape {array.shape}; its observation "
                             f"space has shape {self.observation_shape}")
        if array.dtype.kind not in "fiub":
            raise TypeError(f"the environment returned an observation of dtype {array.dtype}; expected numbers")
        return array.reshape(-1 if rows is None else (rows, -1))

    def _action(self, row):
        if self.discrete_start is not None:
            return int(self.actions[row, 0]) + self.discrete_start
        # A copy: an environment may keep the action it was given.
        return self.actions[row].astype(self.action_dtype).reshape(self.action_shape)

    def _reset(self, _context, seeded, seed):
        try:
            if self.vector is not None:
                seeds = [(seed + i) % _MAX_SEED for i in range(self.count)] if seeded else None
                observations, _ = self.vector.reset(seed=seeds)
                self.observations[:] = self._checked(observations, self.count)
            else:
                for row, environment in enumerate(self.environments):
                    observation, _ = environment.reset(seed=(seed + row) % _MAX_SEED if seeded else None)
                    self.observations[row] = self._checked(observation)
            return 0
        except BaseException as error:  # noqa: BLE001 - handed back to the caller of SwiftRL
            self.error = self.error or error
            return 1

    def _step(self, _context, autoreset):
        try:
            if self.vector is not None:
                self._step_vector()
                return 0
            for row, environment in enumerate(self.environments):
                observation, reward, terminated, truncated, _ = environment.step(self._action(row))
                self.rewards[row] = reward
                self.terminated[row] = bool(terminated)
                self.truncated[row] = bool(truncated)
                if autoreset and (terminated or truncated):
                    self.final_observations[row] = self._checked(observation)
                    observation, _ = environment.reset()
                self.observations[row] = self._checked(observation)
            return 0
        except BaseException as error:  # noqa: BLE001 - handed back to the caller of SwiftRL
            self.error = self.error or error
            return 1

    def _step_vector(self):
        import gymnasium
        if self.discrete_start is not None:
            actions = self.actions[:, 0].astype(np.int64) + self.discrete_start
        else:
            actions = self.actions.astype(self.action_dtype).reshape((self.count,) + self.action_shape)
        observations, rewards, terminated, truncated, infos = self.vector.step(actions)
        observations = self._checked(observations, self.count)
        self.rewards[:] = rewards
        self.terminated[:] = terminated
        self.truncated[:] = truncated
        done = np.logical_or(terminated, truncated)
        if self.autoreset_mode == gymnasium.vector.AutoresetMode.SAME_STEP:
            # The observations are already the reset ones; the last ones are in the infos.
            for row in np.flatnonzero(done):
                self.final_observations[row] = self._checked(infos["final_obs"][row])
        elif done.any():
            # NEXT_STEP and DISABLED: reset the finished environments now, so that SwiftRL sees
            # Gymnasium's SAME_STEP results and no step is spent on an ignored action.
            self.final_observations[done] = observations[done]
            reset, _ = self.vector.reset(options={"reset_mask": done})
            observations = self._checked(reset, self.count)
        self.observations[:] = observations
