"""rl8's stop conditions, for `Trainer.run(stop_conditions=[...])`; SwiftRL checks them after every
unit of work with the same rules as the YAML `stop_conditions`."""


class Plateaus:
    """The metric stayed within `rtol` of its previous value (|new − old| ≤ rtol·|old|) for
    `patience` checks in a row."""

    def __init__(self, key, rtol=1e-3, patience=5):
        self.key, self.rtol, self.patience = key, rtol, patience

    def as_json(self):
        return {"kind": "plateaus", "metric": self.key, "relative_tolerance": float(self.rtol),
                "patience": int(self.patience)}


class HitsUpperBound:
    """The metric is at least `value`."""

    def __init__(self, key, value):
        self.key, self.value = key, value

    def as_json(self):
        return {"kind": "upper_bound", "metric": self.key, "value": float(self.value)}


class HitsLowerBound:
    """The metric is at most `value`."""

    def __init__(self, key, value):
        self.key, self.value = key, value

    def as_json(self):
        return {"kind": "lower_bound", "metric": self.key, "value": float(self.value)}


class StepBudget:
    """At least `steps` environment steps taken."""

    def __init__(self, steps):
        self.steps = steps

    def as_json(self):
        return {"kind": "steps", "steps": int(self.steps)}


class WallClock:
    """At least `seconds` of training since `run` began."""

    def __init__(self, seconds):
        self.seconds = seconds

    def as_json(self):
        return {"kind": "wall_clock", "seconds": float(self.seconds)}


class TargetReturn:
    """A periodic evaluation's mean return reaches `value`."""

    def __init__(self, value):
        self.value = value

    def as_json(self):
        return {"kind": "target_return", "value": float(self.value)}
