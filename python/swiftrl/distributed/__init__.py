"""Distributed training on SwiftRL's relay (`swiftrl serve`), the TMRL way: rollout workers on other
machines stream transitions to the relay over gRPC with TLS and role tokens, and load every weights
version the trainer publishes (`swiftrl train --server`).

    from functools import partial
    from swiftrl.distributed import GenericGymEnv, RolloutWorker

    worker = RolloutWorker(partial(GenericGymEnv, id="Pendulum-v1"), server="relay:7443",
                           credentials="creds", worker_id="robot-1")
    worker.run()

Needs grpcio and protobuf: `pip install './python[distributed]'`."""

try:
    import grpc  # noqa: F401
    from google.protobuf import message  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the installation
    raise ImportError("swiftrl.distributed needs grpcio and protobuf: pip install './python[distributed]'") from error

from ._actor import ActorReplica
from ._relay import RelayConnection, RelayError
from ._spaces import FlatObservations, GenericGymEnv, flat_bounds, flatten_observation
from ._trainer import Trainer
from ._worker import RolloutWorker, WorkerSummary

__all__ = ["RolloutWorker", "WorkerSummary", "Trainer", "GenericGymEnv", "RelayConnection", "RelayError",
           "ActorReplica", "FlatObservations", "flat_bounds", "flatten_observation"]
