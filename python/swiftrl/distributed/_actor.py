"""A rollout worker's copy of the trainer's actor, acting through SwiftRL's core (`swiftrl_actor_*`
in swiftrl.h): the same code as the Swift worker's, so no torch is needed."""

import ctypes

import numpy as np

from .. import _native
from .._policy import Policy

_lib = _native.library


def _floats(array):
    return array.ctypes.data_as(ctypes.POINTER(ctypes.c_float))


class ActorReplica:
    """An actor of the trainer's algorithm and configuration (JSON of its keys) for these sizes,
    acting with the weights loaded last.

    - SAC and TD3 (`ActorReplica(algorithm, ...)`) explore: uniformly at random with version 0 (the
      trainer's initial policy), as the algorithm explores after that (`explore`).
    - PPO (`ActorReplica.ppo(...)`) samples its distribution with every version, version 0 included,
      and gives each action's log-probability (`sample`)."""

    def __init__(self, algorithm, configuration_json, observation_dimension, action_dimension, seed):
        handle = ctypes.c_void_p()
        _native.check(_lib.swiftrl_actor_create(algorithm.encode(), configuration_json.encode(),
                                                observation_dimension, action_dimension, seed, ctypes.byref(handle)))
        self._adopt(handle, algorithm, observation_dimension, action_dimension, action_dimension)

    @classmethod
    def ppo(cls, configuration_json, observation_dimension, seed, discrete_actions=0, action_low=None, action_high=None):
        """A PPO actor for `discrete_actions` > 0 discrete actions, or a box of [action_low, action_high]."""
        handle = ctypes.c_void_p()
        if discrete_actions > 0:
            _native.check(_lib.swiftrl_actor_create_ppo(configuration_json.encode(), observation_dimension,
                                                        discrete_actions, None, None, 1, seed, ctypes.byref(handle)))
            sample_dimension = action_dimension = 1
        else:
            low = np.ascontiguousarray(action_low, dtype=np.float32).reshape(-1)
            high = np.ascontiguousarray(action_high, dtype=np.float32).reshape(-1)
            if low.size != high.size:
                raise ValueError("action_low and action_high differ in size")
            _native.check(_lib.swiftrl_actor_create_ppo(configuration_json.encode(), observation_dimension, 0,
                                                        _floats(low), _floats(high), low.size, seed, ctypes.byref(handle)))
            sample_dimension = action_dimension = low.size
        replica = cls.__new__(cls)
        replica._adopt(handle, "ppo", observation_dimension, sample_dimension, action_dimension)
        return replica

    def _adopt(self, handle, algorithm, observation_dimension, sample_dimension, action_dimension):
        self._handle = handle
        self.algorithm = algorithm
        self.observation_dimension = observation_dimension
        self.action_dimension = action_dimension
        self._sample = np.zeros(sample_dimension, dtype=np.float32)
        self._action = np.zeros(action_dimension, dtype=np.float32)
        self._log_probability = np.zeros(1, dtype=np.float32)
        self._observation = np.zeros(observation_dimension, dtype=np.float32)
        # The buffers' addresses, taken once: `sample` runs at every step of a PPO worker.
        self._addresses = (self._observation.ctypes.data, self._sample.ctypes.data, self._log_probability.ctypes.data,
                           self._action.ctypes.data)

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            _lib.swiftrl_actor_free(handle)
            self._handle = None

    @property
    def version(self):
        """The version loaded last, or None before the first load."""
        loaded, version = ctypes.c_int32(), ctypes.c_uint64()
        _native.check(_lib.swiftrl_actor_version(self._handle, ctypes.byref(loaded), ctypes.byref(version)))
        return version.value if loaded.value else None

    def load(self, version, safetensors):
        """Loads a version's parameters (safetensors bytes); raises `PolicyError` for bytes that are
        not the actor's, leaving the replica as it was."""
        _native.check(_lib.swiftrl_actor_load(self._handle, version, bytes(safetensors), len(safetensors)))

    def explore(self, observation):
        """SAC and TD3: the action to explore with, in the policy's [-1, 1] units (a new float32 array)."""
        observation = np.ascontiguousarray(observation, dtype=np.float32)
        _native.check(_lib.swiftrl_actor_explore(self._handle, _floats(observation), observation.size,
                                                 _floats(self._action), self._action.size))
        return self._action.copy()

    def sample(self, observation):
        """PPO: `(sample, log_probability, action)`: the stored sample (new float32 array), its
        log-probability, and the environment's action (new float32 array: the index, or values in
        the box)."""
        observation = np.asarray(observation, dtype=np.float32).reshape(-1)
        if observation.size != self._observation.size:
            raise ValueError(f"the actor takes {self._observation.size} observations, not {observation.size}")
        self._observation[:] = observation
        observation_address, sample_address, log_probability_address, action_address = self._addresses
        _native.check(_lib.swiftrl_actor_sample(self._handle, observation_address, self._observation.size, sample_address,
                                                self._sample.size, log_probability_address, action_address,
                                                self._action.size))
        return self._sample.copy(), float(self._log_probability[0]), self._action.copy()

    def rollout(self):
        """PPO: `(steps_per_packet, packets_per_update)`: the configuration's steps_per_env and num_envs."""
        steps, packets = ctypes.c_int64(), ctypes.c_int64()
        _native.check(_lib.swiftrl_actor_rollout(self._handle, ctypes.byref(steps), ctypes.byref(packets)))
        return steps.value, packets.value

    def episode_end(self):
        """Ends an episode (TD3's Ornstein-Uhlenbeck noise starts again)."""
        _native.check(_lib.swiftrl_actor_episode_end(self._handle))

    def policy(self, action_low, action_high, environment, seed):
        """The loaded actor as a deterministic `swiftrl.Policy` acting in [action_low, action_high]
        (None for PPO, which acts in the action space it was created for)."""
        handle = ctypes.c_void_p()
        if self.algorithm == "ppo":
            _native.check(_lib.swiftrl_actor_policy(self._handle, None, None, 0, environment.encode(), seed,
                                                    ctypes.byref(handle)))
        else:
            low = np.ascontiguousarray(action_low, dtype=np.float32)
            high = np.ascontiguousarray(action_high, dtype=np.float32)
            _native.check(_lib.swiftrl_actor_policy(self._handle, _floats(low), _floats(high), low.size,
                                                    environment.encode(), seed, ctypes.byref(handle)))
        return Policy(handle.value)
