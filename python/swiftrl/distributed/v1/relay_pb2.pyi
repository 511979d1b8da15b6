from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WorkerMessage(_message.Message):
    __slots__ = ("hello", "packet")
    HELLO_FIELD_NUMBER: _ClassVar[int]
    PACKET_FIELD_NUMBER: _ClassVar[int]
    hello: WorkerHello
    packet: SamplePacket
    def __init__(self, hello: _Optional[_Union[WorkerHello, _Mapping]] = ..., packet: _Optional[_Union[SamplePacket, _Mapping]] = ...) -> None: ...

class WorkerHello(_message.Message):
    __slots__ = ("worker_id",)
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    worker_id: str
    def __init__(self, worker_id: _Optional[str] = ...) -> None: ...

class ServerMessage(_message.Message):
    __slots__ = ("welcome", "acknowledgement")
    WELCOME_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGEMENT_FIELD_NUMBER: _ClassVar[int]
    welcome: Welcome
    acknowledgement: Acknowledgement
    def __init__(self, welcome: _Optional[_Union[Welcome, _Mapping]] = ..., acknowledgement: _Optional[_Union[Acknowledgement, _Mapping]] = ...) -> None: ...

class Welcome(_message.Message):
    __slots__ = ("last_sequence",)
    LAST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    last_sequence: int
    def __init__(self, last_sequence: _Optional[int] = ...) -> None: ...

class Acknowledgement(_message.Message):
    __slots__ = ("sequence", "workers_connected")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    WORKERS_CONNECTED_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    workers_connected: int
    def __init__(self, sequence: _Optional[int] = ..., workers_connected: _Optional[int] = ...) -> None: ...

class Transitions(_message.Message):
    __slots__ = ("count", "observation_size", "action_size", "observations", "actions", "rewards", "next_observations", "terminated", "truncated", "log_probabilities")
    COUNT_FIELD_NUMBER: _ClassVar[int]
    OBSERVATION_SIZE_FIELD_NUMBER: _ClassVar[int]
    ACTION_SIZE_FIELD_NUMBER: _ClassVar[int]
    OBSERVATIONS_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    REWARDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_OBSERVATIONS_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    LOG_PROBABILITIES_FIELD_NUMBER: _ClassVar[int]
    count: int
    observation_size: int
    action_size: int
    observations: bytes
    actions: bytes
    rewards: bytes
    next_observations: bytes
    terminated: bytes
    truncated: bytes
    log_probabilities: bytes
    def __init__(self, count: _Optional[int] = ..., observation_size: _Optional[int] = ..., action_size: _Optional[int] = ..., observations: _Optional[bytes] = ..., actions: _Optional[bytes] = ..., rewards: _Optional[bytes] = ..., next_observations: _Optional[bytes] = ..., terminated: _Optional[bytes] = ..., truncated: _Optional[bytes] = ..., log_probabilities: _Optional[bytes] = ...) -> None: ...

class Episode(_message.Message):
    __slots__ = ("episode_return", "length")
    EPISODE_RETURN_FIELD_NUMBER: _ClassVar[int]
    LENGTH_FIELD_NUMBER: _ClassVar[int]
    episode_return: float
    length: int
    def __init__(self, episode_return: _Optional[float] = ..., length: _Optional[int] = ...) -> None: ...

class SamplePacket(_message.Message):
    __slots__ = ("sequence", "policy_version", "transitions", "episodes")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    TRANSITIONS_FIELD_NUMBER: _ClassVar[int]
    EPISODES_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    policy_version: int
    transitions: Transitions
    episodes: _containers.RepeatedCompositeFieldContainer[Episode]
    def __init__(self, sequence: _Optional[int] = ..., policy_version: _Optional[int] = ..., transitions: _Optional[_Union[Transitions, _Mapping]] = ..., episodes: _Optional[_Iterable[_Union[Episode, _Mapping]]] = ...) -> None: ...

class TakeSamplesRequest(_message.Message):
    __slots__ = ("after", "max_transitions", "wait_milliseconds", "release_through")
    AFTER_FIELD_NUMBER: _ClassVar[int]
    MAX_TRANSITIONS_FIELD_NUMBER: _ClassVar[int]
    WAIT_MILLISECONDS_FIELD_NUMBER: _ClassVar[int]
    RELEASE_THROUGH_FIELD_NUMBER: _ClassVar[int]
    after: int
    max_transitions: int
    wait_milliseconds: int
    release_through: int
    def __init__(self, after: _Optional[int] = ..., max_transitions: _Optional[int] = ..., wait_milliseconds: _Optional[int] = ..., release_through: _Optional[int] = ...) -> None: ...

class QueuedPacket(_message.Message):
    __slots__ = ("position", "worker_id", "packet")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    PACKET_FIELD_NUMBER: _ClassVar[int]
    position: int
    worker_id: str
    packet: SamplePacket
    def __init__(self, position: _Optional[int] = ..., worker_id: _Optional[str] = ..., packet: _Optional[_Union[SamplePacket, _Mapping]] = ...) -> None: ...

class TakeSamplesReply(_message.Message):
    __slots__ = ("packets", "latest_weights_version")
    PACKETS_FIELD_NUMBER: _ClassVar[int]
    LATEST_WEIGHTS_VERSION_FIELD_NUMBER: _ClassVar[int]
    packets: _containers.RepeatedCompositeFieldContainer[QueuedPacket]
    latest_weights_version: int
    def __init__(self, packets: _Optional[_Iterable[_Union[QueuedPacket, _Mapping]]] = ..., latest_weights_version: _Optional[int] = ...) -> None: ...

class PolicySpecification(_message.Message):
    __slots__ = ("algorithm", "configuration_json", "environment", "observation_size", "action_size", "seed")
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    CONFIGURATION_JSON_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    OBSERVATION_SIZE_FIELD_NUMBER: _ClassVar[int]
    ACTION_SIZE_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    algorithm: str
    configuration_json: str
    environment: str
    observation_size: int
    action_size: int
    seed: int
    def __init__(self, algorithm: _Optional[str] = ..., configuration_json: _Optional[str] = ..., environment: _Optional[str] = ..., observation_size: _Optional[int] = ..., action_size: _Optional[int] = ..., seed: _Optional[int] = ...) -> None: ...

class Weights(_message.Message):
    __slots__ = ("version", "specification", "safetensors", "sha256")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SPECIFICATION_FIELD_NUMBER: _ClassVar[int]
    SAFETENSORS_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    version: int
    specification: PolicySpecification
    safetensors: bytes
    sha256: bytes
    def __init__(self, version: _Optional[int] = ..., specification: _Optional[_Union[PolicySpecification, _Mapping]] = ..., safetensors: _Optional[bytes] = ..., sha256: _Optional[bytes] = ...) -> None: ...

class PublishWeightsReply(_message.Message):
    __slots__ = ("version",)
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: int
    def __init__(self, version: _Optional[int] = ...) -> None: ...

class WatchWeightsRequest(_message.Message):
    __slots__ = ("after_version", "from_start")
    AFTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    FROM_START_FIELD_NUMBER: _ClassVar[int]
    after_version: int
    from_start: bool
    def __init__(self, after_version: _Optional[int] = ..., from_start: _Optional[bool] = ...) -> None: ...

class StatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StatusReply(_message.Message):
    __slots__ = ("workers_connected", "samples_in", "samples_out", "queue_depth", "retained", "weights_version", "refusals", "duplicates")
    WORKERS_CONNECTED_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_IN_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_OUT_FIELD_NUMBER: _ClassVar[int]
    QUEUE_DEPTH_FIELD_NUMBER: _ClassVar[int]
    RETAINED_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_VERSION_FIELD_NUMBER: _ClassVar[int]
    REFUSALS_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    workers_connected: int
    samples_in: int
    samples_out: int
    queue_depth: int
    retained: int
    weights_version: int
    refusals: int
    duplicates: int
    def __init__(self, workers_connected: _Optional[int] = ..., samples_in: _Optional[int] = ..., samples_out: _Optional[int] = ..., queue_depth: _Optional[int] = ..., retained: _Optional[int] = ..., weights_version: _Optional[int] = ..., refusals: _Optional[int] = ..., duplicates: _Optional[int] = ...) -> None: ...
