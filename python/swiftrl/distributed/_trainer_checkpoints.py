"""Checkpoints of the Python trainer: the learner (a saved session, as `swiftrl.State.save` writes
it) and where the trainer stands in the relay's queue, so that a restarted trainer goes on from the
first packet its latest checkpoint had not learned."""

import ctypes
import json
import os
import re
import shutil

from .. import _native

_FORMAT = "swiftrl-relay-trainer"
_LATEST = "latest"
_NAME = re.compile(r"checkpoint-[0-9]{12}")
_POSITION_LIMIT = 2 ** 63 - 1
_LATEST_LIMIT = 256  # bytes read of `latest`: a name is 23


class TrainerCheckpoints:
    """`directory`/checkpoint-STEPS (saved sessions) and `directory`/latest (the newest one's name,
    replaced atomically once that checkpoint is durable); older checkpoints are removed after."""

    def __init__(self, directory):
        self.directory = os.fspath(directory)
        os.makedirs(self.directory, exist_ok=True)

    def latest(self):
        """The newest checkpoint's path, or None when there is none yet."""
        path = os.path.join(self.directory, _LATEST)
        try:
            with open(path, "rb") as file:
                raw = file.read(_LATEST_LIMIT + 1)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise _native.CheckpointError(f"{path} cannot be read: {error.strerror or error}") from None
        # Any bytes (an edited or damaged file) give a name to refuse, never a decoding error.
        name = raw[:_LATEST_LIMIT].decode("utf-8", errors="replace").strip()
        if len(raw) > _LATEST_LIMIT or not _NAME.fullmatch(name):
            raise _native.CheckpointError(f"{self.directory}/{_LATEST} does not name a checkpoint: '{name[:64]}'")
        return os.path.join(self.directory, name)

    def save(self, state, steps, learned_through, published):
        """Saves `state` with the queue position; returns the checkpoint's path once it is durable."""
        name = f"checkpoint-{steps:012d}"
        path = os.path.join(self.directory, name)
        previous = self.latest()
        if previous is not None and os.path.abspath(previous) == os.path.abspath(path):
            return path  # nothing was learned since the latest checkpoint
        if os.path.exists(path):  # left by a trainer killed before it named it latest
            shutil.rmtree(path)
        queue = json.dumps({"format": _FORMAT, "learned_through": learned_through, "published": published}).encode()
        state._check(_native.library.swiftrl_session_save(state._handle, os.fsencode(path), queue, len(queue)))
        _write_durably(os.path.join(self.directory, _LATEST), name.encode())
        if previous is not None and os.path.abspath(previous) != os.path.abspath(path):
            shutil.rmtree(previous, ignore_errors=True)
        return path

    @staticmethod
    def restore(state, path):
        """Restores `state` from the checkpoint at `path`; returns (learned_through, published)."""
        state._check(_native.library.swiftrl_session_restore(state._handle, os.fsencode(path)))
        data, count = ctypes.c_void_p(), ctypes.c_int64()
        _native.check(_native.library.swiftrl_checkpoint_environment_state(
            os.fsencode(path), ctypes.byref(data), ctypes.byref(count)))
        try:
            text = ctypes.string_at(data.value, count.value) if data.value else b""
        finally:
            _native.library.swiftrl_free_string(data)
        try:
            queue = json.loads(text)
            learned_through, published = queue["learned_through"], queue["published"]
            valid = (queue["format"] == _FORMAT and type(learned_through) is int
                     and 0 <= learned_through <= _POSITION_LIMIT
                     and (published is None or (type(published) is int and 0 <= published <= _POSITION_LIMIT)))
        except (ValueError, TypeError, KeyError, RecursionError):  # RecursionError: JSON nested too deep
            valid = False
        if not valid:
            raise _native.CheckpointError(f"{path} is not a checkpoint of the relay's Python trainer")
        return learned_through, published


def _write_durably(path, data):
    """Writes `data` to `path` atomically and durably: a temporary file, fsync, rename, directory fsync."""
    temporary = f"{path}.tmp"
    with open(temporary, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
    directory = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
