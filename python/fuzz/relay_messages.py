"""The Python roles' decoders of what the relay sends, under atheris (libFuzzer for Python):

    .build/test-python/bin/python python/fuzz/relay_messages.py -max_total_time=600 [CORPUS_DIR]

An input's first byte picks the message: weights (checked as a worker checks them, then, with the
SHA-256 made to match so that the input gets that far, loaded into an actor through SwiftRL's core),
a TakeSamplesReply (every packet decoded as the Python trainer decodes it), or a ServerMessage
(handled by a worker's outbox). Refusals (DecodeError, ValueError, SwiftRLError) are expected; any
other exception, or a crash of the process, is a finding. `seeds()` gives valid messages of each kind;
python/tests/test_distributed_fuzz.py replays mutations of them in every test run."""

import hashlib
import sys

import numpy as np
from google.protobuf.message import DecodeError

import swiftrl
from swiftrl.distributed import ActorReplica
from swiftrl.distributed._messages import Transitions, weights_problem
from swiftrl.distributed._outbox import PacketOutbox
from swiftrl.distributed.v1 import relay_pb2

EXPECTED = (DecodeError, ValueError, swiftrl.SwiftRLError)


def check(data):
    """Decodes one input as the Python roles would; raises only for a finding."""
    if not data:
        return
    kind, body = data[0] % 3, bytes(data[1:])
    try:
        if kind == 0:
            weights = relay_pb2.Weights.FromString(body)
            weights_problem(weights)
            weights.sha256 = hashlib.sha256(weights.safetensors).digest()
            if weights_problem(weights) is None:
                specification = weights.specification
                if specification.observation_size * specification.action_size <= 1 << 16:
                    actor = ActorReplica(specification.algorithm, specification.configuration_json,
                                         specification.observation_size, specification.action_size, 1)
                    actor.load(weights.version, weights.safetensors)
                    actor.explore(np.zeros(specification.observation_size, np.float32))
        elif kind == 1:
            for queued in relay_pb2.TakeSamplesReply.FromString(body).packets:
                Transitions(queued.packet.transitions)
        else:
            message = relay_pb2.ServerMessage.FromString(body)
            outbox = PacketOutbox(window=4)
            if message.HasField("welcome"):
                outbox.welcome(message.welcome.last_sequence)
            elif message.HasField("acknowledgement"):
                outbox.acknowledge(message.acknowledgement.sequence)
    except EXPECTED:
        pass


def seeds():
    """A valid input of each kind."""
    from safetensors.numpy import save
    safetensors = save({"actor.0.weight": np.zeros((8, 3), np.float32), "actor.0.bias": np.zeros(8, np.float32),
                        "actor.2.weight": np.zeros((2, 8), np.float32), "actor.2.bias": np.zeros(2, np.float32)})
    specification = relay_pb2.PolicySpecification(algorithm="sac", configuration_json='{"actor": {"hidden_sizes": [8]}}',
                                                  environment="Pendulum-v1", observation_size=3, action_size=1)
    weights = relay_pb2.Weights(version=1, specification=specification, safetensors=safetensors,
                                sha256=hashlib.sha256(safetensors).digest())
    count = 2
    transitions = relay_pb2.Transitions(
        count=count, observation_size=3, action_size=1, observations=np.ones((count, 3), "<f4").tobytes(),
        actions=np.zeros((count, 1), "<f4").tobytes(), rewards=np.ones(count, "<f4").tobytes(),
        next_observations=np.ones((count, 3), "<f4").tobytes(), terminated=bytes(count), truncated=bytes([0, 1]))
    ppo_transitions = relay_pb2.Transitions()
    ppo_transitions.CopyFrom(transitions)
    ppo_transitions.actions = np.array([[2.5], [-3]], "<f4").tobytes()
    ppo_transitions.log_probabilities = np.array([-1.5, -4], "<f4").tobytes()
    reply = relay_pb2.TakeSamplesReply(packets=[
        relay_pb2.QueuedPacket(position=1, worker_id="w1", packet=relay_pb2.SamplePacket(sequence=1, transitions=transitions)),
        relay_pb2.QueuedPacket(position=2, worker_id="w2", packet=relay_pb2.SamplePacket(sequence=1, transitions=ppo_transitions))])
    welcome = relay_pb2.ServerMessage(welcome=relay_pb2.Welcome(last_sequence=3))
    return [b"\x00" + weights.SerializeToString(), b"\x01" + reply.SerializeToString(),
            b"\x02" + welcome.SerializeToString()]


def main():
    import os

    import atheris
    arguments = sys.argv[1:]
    corpus = [argument for argument in arguments if not argument.startswith("-")]
    for directory in corpus:
        os.makedirs(directory, exist_ok=True)
        for index, seed in enumerate(seeds()):
            with open(os.path.join(directory, f"seed-{index}"), "wb") as file:
                file.write(seed)
    # Coverage of the Python roles' code (and the protobuf runtime) guides the mutations.
    atheris.instrument_all()
    atheris.Setup([sys.argv[0]] + arguments, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
