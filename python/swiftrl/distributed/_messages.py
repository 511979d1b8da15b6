"""Checks of what the Python roles receive from the relay, before anything in it is used: weights
(checksum, algorithm, sizes) and packets of transitions (counts, sizes and byte lengths that agree,
finite values, flags of 0 or 1, actions in [-1, 1] unless the packet is a PPO worker's). Each returns the reason for a refusal, never
raises on bad input."""

import hashlib

import numpy as np

# The largest observation or action, and the most transitions in a packet (the relay's limits).
VECTOR_LIMIT = 65_536
PACKET_LIMIT = 65_536


def weights_problem(weights):
    """Why a received weights message is refused (None: it is not)."""
    if hashlib.sha256(weights.safetensors).digest() != weights.sha256:
        return "its SHA-256 does not match its bytes"
    if not weights.HasField("specification"):
        return "it carries no policy specification"
    specification = weights.specification
    if specification.algorithm not in ("sac", "td3", "ppo"):
        return f"rollout workers collect for SAC, TD3 and PPO, not '{specification.algorithm[:32]}'"
    if not (1 <= specification.observation_size <= VECTOR_LIMIT and 1 <= specification.action_size <= VECTOR_LIMIT):
        return f"observation and action sizes must be 1 to {VECTOR_LIMIT}"
    return None


class Transitions:
    """A packet's transitions as arrays: observations and next_observations [count, observation_size],
    actions [count, action_size], rewards, terminated and truncated [count], and for a PPO worker's
    packet log_probabilities [count] (None otherwise; its actions are the distribution's, unbounded)."""

    def __init__(self, message):
        count, o, a = message.count, message.observation_size, message.action_size
        if not 1 <= count <= PACKET_LIMIT:
            raise ValueError(f"a packet holds 1 to {PACKET_LIMIT} transitions, not {count}")
        if not (1 <= o <= VECTOR_LIMIT and 1 <= a <= VECTOR_LIMIT):
            raise ValueError(f"observation and action sizes must be 1 to {VECTOR_LIMIT}, not {o} and {a}")
        self.count = count
        self.observations = _floats(message.observations, (count, o), "observations")
        self.actions = _floats(message.actions, (count, a), "actions")
        self.rewards = _floats(message.rewards, (count,), "rewards")
        self.next_observations = _floats(message.next_observations, (count, o), "next_observations")
        self.terminated = _flags(message.terminated, count, "terminated")
        self.truncated = _flags(message.truncated, count, "truncated")
        self.log_probabilities = None
        if message.log_probabilities:
            self.log_probabilities = _floats(message.log_probabilities, (count,), "log_probabilities")
        elif np.any(np.abs(self.actions) > 1):
            raise ValueError("an action is outside [-1, 1]")


def _floats(data, shape, name):
    expected = 4 * int(np.prod(shape))
    if len(data) != expected:
        raise ValueError(f"{name} has {len(data)} bytes, not {expected}")
    values = np.frombuffer(data, dtype="<f4").reshape(shape)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} holds a NaN or an infinity")
    return values


def _flags(data, count, name):
    if len(data) != count:
        raise ValueError(f"{name} has {len(data)} bytes, not {count}")
    flags = np.frombuffer(data, dtype=np.uint8)
    if np.any(flags > 1):
        raise ValueError(f"{name} holds a value other than 0 or 1")
    return flags
