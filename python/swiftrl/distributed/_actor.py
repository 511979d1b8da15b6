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
    """An agent of the trainer's algorithm ("sac" or "td3") and configuration (JSON of its keys)
    for these sizes, exploring with the weights loaded last: uniformly at random with version 0
    (the trainer's initial policy), as the algorithm explores after that."""

    def __init__(self, algorithm, configuration_json, observation_dimension, action_dimension, seed):
        handle = ctypes.c_void_p()
        _native.check(_lib.swiftrl_actor_create(algorithm.encode(), configuration_json.encode(),
                                                observation_dimension, action_dimension, seed, ctypes.byref(handle)))
        self._handle = handle
        self.algorithm = algorithm
        self.observation_dimension = observation_dimension
        self.action_dimension = action_dimension
        self._action = np.zeros(action_dimension, dtype=np.float32)

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
        """The action to explore with, in the policy's [-1, 1] units (a new float32 array)."""
        observation = np.ascontiguousarray(observation, dtype=np.float32)
        _native.check(_lib.swiftrl_actor_explore(self._handle, _floats(observation), observation.size,
                                                 _floats(self._action), self._action.size))
        return self._action.copy()

    def episode_end(self):
        """Ends an episode (TD3's Ornstein-Uhlenbeck noise starts again)."""
        _native.check(_lib.swiftrl_actor_episode_end(self._handle))

    def policy(self, action_low, action_high, environment, seed):
        """The loaded actor as a deterministic `swiftrl.Policy` acting in [action_low, action_high]."""
        low = np.ascontiguousarray(action_low, dtype=np.float32)
        high = np.ascontiguousarray(action_high, dtype=np.float32)
        handle = ctypes.c_void_p()
        _native.check(_lib.swiftrl_actor_policy(self._handle, _floats(low), _floats(high), low.size,
                                                environment.encode(), seed, ctypes.byref(handle)))
        return Policy(handle.value)
