"""RLtools' keyword names (`STEP_LIMIT`, `ACTOR_HIDDEN_DIM`, …) translated into SwiftRL's
configuration keys, which are accepted as snake_case keywords too."""

import math

_SHARED = {
    "GAMMA": "gamma",
    "OPTIMIZER_BETA_1": "optimizer.beta1",
    "OPTIMIZER_BETA_2": "optimizer.beta2",
    "OPTIMIZER_EPSILON": "optimizer.epsilon",
    "ACTOR_ACTIVATION_FUNCTION": "actor.activation",
    "CRITIC_ACTIVATION_FUNCTION": "critic.activation",
}

_OFF_POLICY = dict(_SHARED, **{
    "STEP_LIMIT": "steps",
    "ACTOR_BATCH_SIZE": "batch_size",
    "CRITIC_BATCH_SIZE": "batch_size",
    "ACTOR_POLYAK": "polyak",
    "CRITIC_POLYAK": "polyak",
    "N_WARMUP_STEPS": "warmup_steps",
    "REPLAY_BUFFER_CAP": "replay_capacity",
    "OPTIMIZER_ALPHA": ("actor.learning_rate", "critic.learning_rate"),
})

_SAC = dict(_OFF_POLICY, **{
    "ALPHA": "initial_entropy_coefficient",
    "ADAPTIVE_ALPHA": "adaptive_entropy",
    "TARGET_ENTROPY": "target_entropy",
    "LOG_STD_LOWER_BOUND": "log_std_min",
    "LOG_STD_UPPER_BOUND": "log_std_max",
})

_TD3 = dict(_OFF_POLICY, **{
    "ACTOR_TRAINING_INTERVAL": "policy_delay",
    "TARGET_NEXT_ACTION_NOISE_STD": "target_noise",
    "TARGET_NEXT_ACTION_NOISE_CLIP": "target_noise_clip",
    "EXPLORATION_NOISE": "exploration_noise",
})

_PPO = dict(_SHARED, **{
    "TOTAL_STEP_LIMIT": "steps",
    "N_ENVIRONMENTS": "num_envs",
    "ON_POLICY_RUNNER_STEPS_PER_ENV": "steps_per_env",
    "BATCH_SIZE": "batch_size",
    "N_EPOCHS": "epochs",
    "LAMBDA": "gae_lambda",
    "EPSILON_CLIP": "clip_range",
    "ACTION_ENTROPY_COEFFICIENT": "entropy_coefficient",
    "NORMALIZE_ADVANTAGE": "normalize_advantages",
    "NORMALIZE_OBSERVATIONS": "normalize_observations",
    "OPTIMIZER_ALPHA": "learning_rate",
})

_TABLES = {"sac": _SAC, "td3": _TD3, "ppo": _PPO}


def _network(keys, prefix, hidden, layers):
    """RLtools' HIDDEN_DIM and NUM_LAYERS (layers counted with the output layer) as hidden sizes."""
    hidden = keys.pop(f"{prefix.upper()}_HIDDEN_DIM", hidden)
    layers = keys.pop(f"{prefix.upper()}_NUM_LAYERS", layers)
    if hidden is None and layers is None:
        return None
    hidden = 64 if hidden is None else int(hidden)
    layers = 3 if layers is None else int(layers)
    if layers < 2:
        raise ValueError(f"{prefix.upper()}_NUM_LAYERS must be at least 2 (one hidden layer and the output layer)")
    return [hidden] * (layers - 1)


def _set(configuration, key, value):
    previous = configuration.get(key)
    if key in configuration and previous != value:
        raise ValueError(f"'{key}' is set twice, to {previous!r} and {value!r}")
    configuration[key] = value


def configuration(algorithm, keywords):
    """SwiftRL's configuration keys (dotted) for `keywords`, RLtools' names or SwiftRL's own
    (nested mappings such as `actor={"hidden_sizes": [128, 128]}` are flattened)."""
    table = _TABLES[algorithm]
    keys = dict(keywords)
    result = {}
    for prefix in ("actor", "critic"):
        sizes = _network(keys, prefix, None, None)
        if sizes is not None:
            _set(result, f"{prefix}.hidden_sizes", sizes)
    if algorithm == "ppo" and "STEP_LIMIT" in keys:
        steps = keys.pop("STEP_LIMIT")
        environments = keys.get("N_ENVIRONMENTS", keys.get("num_envs", 64))
        per_environment = keys.get("ON_POLICY_RUNNER_STEPS_PER_ENV", keys.get("steps_per_env", 64))
        _set(result, "steps", int(steps) * int(environments) * int(per_environment))
    if algorithm == "ppo" and "INITIAL_ACTION_STD" in keys:
        _set(result, "initial_log_std", math.log(float(keys.pop("INITIAL_ACTION_STD"))))
    if algorithm == "ppo" and keys.pop("ADAPTIVE_LEARNING_RATE", False):
        _set(result, "kl_mode", "adaptive_learning_rate")
        _set(result, "target_kl", float(keys.pop("ADAPTIVE_LEARNING_RATE_POLICY_KL_THRESHOLD", 0.008)))
    for name, value in keys.items():
        if name.isupper():
            if name not in table:
                known = ", ".join(sorted(set(table) | {"ACTOR_HIDDEN_DIM", "ACTOR_NUM_LAYERS", "CRITIC_HIDDEN_DIM",
                                                       "CRITIC_NUM_LAYERS"}))
                raise ValueError(f"SwiftRL's {algorithm.upper()} has no RLtools parameter '{name}' (known: {known}); "
                                 "SwiftRL's own snake_case keys are accepted too")
            if name.endswith("ACTIVATION_FUNCTION"):
                value = str(value).lower()
            targets = table[name] if isinstance(table[name], tuple) else (table[name],)
            for target in targets:
                _set(result, target, value)
        elif isinstance(value, dict):
            for key, nested in _flatten(value, name):
                _set(result, key, nested)
        else:
            _set(result, name, value)
    return result


def _flatten(mapping, prefix):
    for key, value in mapping.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}.{key}")
        else:
            yield f"{prefix}.{key}", value
