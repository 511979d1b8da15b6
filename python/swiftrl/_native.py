"""The ctypes binding of SwiftRL's C interface (`swiftrl.h`): the library, its signatures, its
environment structure and the mapping of its status codes to exceptions."""

import ctypes
import json
import os
import sys

_LIBRARY_NAME = "libSwiftRLCAPI.dylib" if sys.platform == "darwin" else "libSwiftRLCAPI.so"


class SwiftRLError(Exception):
    """A failure reported by SwiftRL's core; `status` is the C interface's status code."""

    status = 0


class ConfigurationError(SwiftRLError, ValueError):
    """An unknown key, a value of the wrong type or out of range."""

    status = 2


class EnvironmentSpecError(SwiftRLError, ValueError):
    """An unknown environment, or spaces SwiftRL cannot train on."""

    status = 3


class TrainingError(SwiftRLError, RuntimeError):
    """A NaN or infinity from the environment, a non-finite loss, an invalid rollout."""

    status = 4


class CheckpointError(SwiftRLError, OSError):
    """A missing, truncated, edited or mismatched checkpoint."""

    status = 5


class PolicyError(SwiftRLError, ValueError):
    """An unreadable or inconsistent policy file."""

    status = 6


class CallbackError(SwiftRLError, RuntimeError):
    """An environment callback failed (the Python exception is its `__cause__`)."""

    status = 7


class SessionStateError(SwiftRLError, RuntimeError):
    """The session failed earlier and cannot go on."""

    status = 8


class ArgumentError(SwiftRLError, ValueError):
    """An argument SwiftRL cannot use."""

    status = 1


class WriteError(SwiftRLError, OSError):
    """A file that cannot be written."""

    status = 9


_ERRORS = {cls.status: cls for cls in (ArgumentError, ConfigurationError, EnvironmentSpecError, TrainingError,
                                       CheckpointError, PolicyError, CallbackError, SessionStateError, WriteError)}

RESET = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_int32, ctypes.c_uint64)
STEP = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_int32)
_float_p = ctypes.POINTER(ctypes.c_float)
_double_p = ctypes.POINTER(ctypes.c_double)
_byte_p = ctypes.POINTER(ctypes.c_uint8)
_int64_p = ctypes.POINTER(ctypes.c_int64)
_int32_p = ctypes.POINTER(ctypes.c_int32)
_string_out = ctypes.POINTER(ctypes.c_void_p)


class Environment(ctypes.Structure):
    """`swiftrl_environment`: spaces, caller-owned buffers and the two callbacks."""

    _fields_ = [
        ("name", ctypes.c_char_p), ("count", ctypes.c_int32), ("observation_dimension", ctypes.c_int32),
        ("observation_low", _float_p), ("observation_high", _float_p), ("action_dimension", ctypes.c_int32),
        ("discrete_actions", ctypes.c_int32), ("action_low", _float_p), ("action_high", _float_p),
        ("observations", _float_p), ("actions", _float_p), ("rewards", _double_p), ("terminated", _byte_p),
        ("truncated", _byte_p), ("final_observations", _float_p), ("context", ctypes.c_void_p),
        ("reset", RESET), ("step", STEP),
    ]


def _load():
    path = os.environ.get("SWIFTRL_LIBRARY") or os.path.join(os.path.dirname(os.path.abspath(__file__)), _LIBRARY_NAME)
    if not os.path.exists(path):
        raise ImportError(f"SwiftRL's core library is missing at {path}: install the package with `pip install ./python` "
                          "from a SwiftRL checkout (it builds the library), or set SWIFTRL_LIBRARY")
    library = ctypes.CDLL(path)
    signatures = {
        "swiftrl_last_error": ([], ctypes.c_char_p),
        "swiftrl_free_string": ([ctypes.c_void_p], None),
        "swiftrl_version": ([], ctypes.c_char_p),
        "swiftrl_kernel_variant": ([], ctypes.c_char_p),
        "swiftrl_environments_json": ([_string_out], ctypes.c_int32),
        "swiftrl_configuration_json": ([ctypes.c_char_p, ctypes.c_char_p, _string_out], ctypes.c_int32),
        "swiftrl_session_create": ([ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(Environment),
                                    ctypes.POINTER(Environment), ctypes.c_uint64, ctypes.c_int32,
                                    ctypes.POINTER(ctypes.c_void_p)], ctypes.c_int32),
        "swiftrl_session_free": ([ctypes.c_void_p], None),
        "swiftrl_session_configuration_json": ([ctypes.c_void_p, _string_out], ctypes.c_int32),
        "swiftrl_session_step": ([ctypes.c_void_p, _int32_p], ctypes.c_int32),
        "swiftrl_session_set_stop_conditions": ([ctypes.c_void_p, ctypes.c_char_p], ctypes.c_int32),
        "swiftrl_session_run": ([ctypes.c_void_p, ctypes.c_int64, _int32_p, _string_out], ctypes.c_int32),
        "swiftrl_session_status_json": ([ctypes.c_void_p, _string_out], ctypes.c_int32),
        "swiftrl_session_action": ([ctypes.c_void_p, _float_p, ctypes.c_int64, _float_p, ctypes.c_int64, _int64_p],
                                   ctypes.c_int32),
        "swiftrl_session_evaluate": ([ctypes.c_void_p, ctypes.c_int32, ctypes.c_uint64, _double_p, _double_p],
                                     ctypes.c_int32),
        "swiftrl_session_export_header": ([ctypes.c_void_p, ctypes.c_char_p, _string_out], ctypes.c_int32),
        "swiftrl_session_save": ([ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int64], ctypes.c_int32),
        "swiftrl_checkpoint_environment_state": ([ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p), _int64_p],
                                                 ctypes.c_int32),
        "swiftrl_checkpoint_info_json": ([ctypes.c_char_p, _string_out], ctypes.c_int32),
        "swiftrl_session_restore": ([ctypes.c_void_p, ctypes.c_char_p], ctypes.c_int32),
        "swiftrl_session_policy": ([ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)], ctypes.c_int32),
        "swiftrl_policy_load": ([ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)], ctypes.c_int32),
        "swiftrl_policy_free": ([ctypes.c_void_p], None),
        "swiftrl_policy_dimensions": ([ctypes.c_void_p, _int64_p, _int64_p, _int64_p], ctypes.c_int32),
        "swiftrl_policy_info_json": ([ctypes.c_void_p, _string_out], ctypes.c_int32),
        "swiftrl_policy_evaluate": ([ctypes.c_void_p, _float_p, ctypes.c_int64, _float_p, ctypes.c_int64, _float_p,
                                     ctypes.c_int64], ctypes.c_int32),
        "swiftrl_session_learn": ([ctypes.c_void_p, _float_p, ctypes.c_int64, _float_p, ctypes.c_int64, ctypes.c_float,
                                   _float_p, ctypes.c_int32, _int32_p], ctypes.c_int32),
        "swiftrl_session_record_episode": ([ctypes.c_void_p, ctypes.c_double, ctypes.c_int64], ctypes.c_int32),
        "swiftrl_session_learn_rollout": ([ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64, ctypes.c_void_p, ctypes.c_int64,
                                           ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p, ctypes.c_void_p,
                                           ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                                           ctypes.c_void_p, ctypes.c_int64, _int32_p], ctypes.c_int32),
        "swiftrl_session_actor_weights": ([ctypes.c_void_p, ctypes.c_uint64, ctypes.POINTER(ctypes.c_void_p), _int64_p],
                                          ctypes.c_int32),
        "swiftrl_policy_export_header": ([ctypes.c_void_p, ctypes.c_char_p, _string_out], ctypes.c_int32),
        "swiftrl_actor_create": ([ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint64,
                                  ctypes.POINTER(ctypes.c_void_p)], ctypes.c_int32),
        "swiftrl_actor_free": ([ctypes.c_void_p], None),
        "swiftrl_actor_load": ([ctypes.c_void_p, ctypes.c_uint64, ctypes.c_char_p, ctypes.c_int64], ctypes.c_int32),
        "swiftrl_actor_version": ([ctypes.c_void_p, _int32_p, ctypes.POINTER(ctypes.c_uint64)], ctypes.c_int32),
        "swiftrl_actor_explore": ([ctypes.c_void_p, _float_p, ctypes.c_int64, _float_p, ctypes.c_int64], ctypes.c_int32),
        "swiftrl_actor_episode_end": ([ctypes.c_void_p], ctypes.c_int32),
        "swiftrl_actor_policy": ([ctypes.c_void_p, _float_p, _float_p, ctypes.c_int64, ctypes.c_char_p, ctypes.c_uint64,
                                  ctypes.POINTER(ctypes.c_void_p)], ctypes.c_int32),
        "swiftrl_actor_create_ppo": ([ctypes.c_char_p, ctypes.c_int64, ctypes.c_int64, _float_p, _float_p, ctypes.c_int64,
                                      ctypes.c_uint64, ctypes.POINTER(ctypes.c_void_p)], ctypes.c_int32),
        # Addresses of float32 arrays, not POINTER(c_float): a worker samples at every step, and
        # addresses as integers pass several times faster than ctypes pointer objects.
        "swiftrl_actor_sample": ([ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p, ctypes.c_int64,
                                  ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64], ctypes.c_int32),
        "swiftrl_actor_rollout": ([ctypes.c_void_p, _int64_p, _int64_p], ctypes.c_int32),
    }
    for name, (arguments, result) in signatures.items():
        function = getattr(library, name)
        function.argtypes = arguments
        function.restype = result
    return library


library = _load()


def check(status, cause=None):
    """Raises the exception for a non-zero status, with SwiftRL's message (and `cause` as its cause)."""
    if status == 0:
        return
    message = library.swiftrl_last_error().decode("utf-8", "replace")
    error = _ERRORS.get(status, SwiftRLError)(message)
    if cause is not None:
        raise error from cause
    raise error


def take_string(call, *arguments, check=check):
    """Calls a function whose last argument is a `char **` output and returns the string (None when
    it gives none); `check` raises for a failed status."""
    output = ctypes.c_void_p()
    check(call(*arguments, ctypes.byref(output)))
    try:
        return ctypes.string_at(output.value).decode("utf-8") if output.value else None
    finally:
        library.swiftrl_free_string(output)


def take_json(call, *arguments):
    """As `take_string`, parsed as JSON."""
    return json.loads(take_string(call, *arguments))


def version():
    """SwiftRL's version."""
    return library.swiftrl_version().decode()


def kernel_variant():
    """The numeric kernels in use: "avx512", "avx2" or "portable"."""
    return library.swiftrl_kernel_variant().decode()


def environments():
    """The built-in environments' specifications (name, spaces, episode limit, reward threshold)."""
    return take_json(library.swiftrl_environments_json)
