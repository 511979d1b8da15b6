"""Deployable policies: an exported C header or a saved checkpoint, evaluated by SwiftRL's core
(no compiler involved)."""

import ctypes
import os

import numpy as np

from . import _native

_lib = _native.library


def _floats(array):
    return array.ctypes.data_as(ctypes.POINTER(ctypes.c_float))


class Policy:
    """A deterministic policy. `evaluate(observation)` gives the action in the environment's units
    (a discrete policy: the action index, as a float). A recurrent policy keeps its memory in
    `state` (reset with `reset()` at each episode's start), as the header's `PREFIX_evaluate` does."""

    def __init__(self, handle):
        self._handle = ctypes.c_void_p(handle)
        observation, action, state = ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int64()
        _native.check(_lib.swiftrl_policy_dimensions(self._handle, ctypes.byref(observation), ctypes.byref(action),
                                                     ctypes.byref(state)))
        self.observation_dimension = observation.value
        self.action_dimension = action.value
        self.state = np.zeros(state.value, dtype=np.float32)
        self.info = _native.take_json(_lib.swiftrl_policy_info_json, self._handle)

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            _lib.swiftrl_policy_free(handle)
            self._handle = None

    @property
    def is_recurrent(self):
        """Whether the policy has memory (an LSTM or GRU)."""
        return self.state.size > 0

    @property
    def is_discrete(self):
        """Whether the policy chooses among discrete actions (its action is an index)."""
        return bool(self.info.get("discrete"))

    def reset(self):
        """Starts a new episode: clears a recurrent policy's memory."""
        self.state[:] = 0

    def evaluate(self, observation, state=None):
        """The action for `observation` (a numpy array of floats). A recurrent policy advances
        `state` (default: its own `state`) in place."""
        observation = np.ascontiguousarray(observation, dtype=np.float32).reshape(-1)
        action = np.zeros(self.action_dimension, dtype=np.float32)
        memory = self.state if state is None else state
        if memory.dtype != np.float32 or not memory.flags["C_CONTIGUOUS"]:
            raise TypeError("a recurrent state must be a contiguous float32 array")
        _native.check(_lib.swiftrl_policy_evaluate(
            self._handle, _floats(observation), observation.size,
            _floats(memory) if memory.size else None, memory.size, _floats(action), action.size))
        return action

    __call__ = evaluate

    def export_header(self, name="swiftrl_policy"):
        """The policy as a self-contained C99 header whose functions are prefixed `name`, which
        `load_checkpoint_from_path`, `swiftrl eval --policy` and a microcontroller's compiler read."""
        return _native.take_string(_lib.swiftrl_policy_export_header, self._handle, name.encode())


def load_checkpoint_from_path(path):
    """Loads a policy from a header exported by SwiftRL (checked: version, sizes, checksum, and its
    example actions recomputed bit for bit) or from a saved checkpoint directory."""
    handle = ctypes.c_void_p()
    _native.check(_lib.swiftrl_policy_load(os.fsencode(path), ctypes.byref(handle)))
    return Policy(handle.value)
