"""Mutations of valid relay messages through the Python roles' decoders (python/fuzz/relay_messages.py,
which atheris runs for longer): each is refused or used, none raises anything else."""

import os
import random


def _mutate(generator, data):
    data = bytearray(data)
    for _ in range(generator.randint(1, 4)):
        choice = generator.randrange(4)
        position = generator.randrange(len(data)) if data else 0
        if choice == 0 and data:
            data[position] ^= 1 << generator.randrange(8)
        elif choice == 1:
            data = data[:position]
        elif choice == 2:
            data[position:position] = bytes(generator.randrange(256) for _ in range(generator.randint(1, 8)))
        elif data:
            data[position] = generator.choice([0, 0x7F, 0x80, 0xFF])
    return bytes(data)


def test_mutated_relay_messages_are_refused_or_used_never_crash(repository_module):
    harness = repository_module("python/fuzz/relay_messages.py")
    seeds = harness.seeds()
    for seed in seeds:
        harness.check(seed)
    generator = random.Random(int(os.environ.get("FUZZ_SEED", "1")))
    for _ in range(3000):
        harness.check(_mutate(generator, generator.choice(seeds)))
