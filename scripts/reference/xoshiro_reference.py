#!/usr/bin/env python3
"""Known-answer values for SwiftRL's RandomGenerator (xoshiro256** seeded with SplitMix64).

What it computes: for a few seeds, the first outputs of xoshiro256** (Blackman & Vigna,
https://prng.di.unimi.it/xoshiro256starstar.c) whose four state words are the first four
outputs of SplitMix64 (https://prng.di.unimi.it/splitmix64.c) started at the seed; this is
exactly what `RandomGenerator(seed:)` and `next()` implement. It also prints the first
`uniform()` values (top 24 bits times 2^-24), which are exact in Float32.

Pure Python (arbitrary-precision integers masked to 64 bits); no dependencies.

Run:  python3 scripts/reference/xoshiro_reference.py
and paste the printed Swift literals into Tests/SwiftRLCoreTests/RandomGeneratorTests.swift.
"""

MASK = (1 << 64) - 1


def splitmix64_words(seed, count=4):
    state = seed & MASK
    words = []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        words.append(z ^ (z >> 31))
    return words


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256StarStar:
    def __init__(self, seed):
        self.s = splitmix64_words(seed)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result


def main():
    for seed in (0, 1, 42):
        generator = Xoshiro256StarStar(seed)
        outputs = [generator.next() for _ in range(5)]
        print(f"// seed {seed}: next()")
        print("[" + ", ".join(f"0x{value:016X}" for value in outputs) + "]")
    generator = Xoshiro256StarStar(7)
    uniforms = [(generator.next() >> 40) / float(1 << 24) for _ in range(5)]
    print("// seed 7: uniform()")
    print("[" + ", ".join(repr(value) for value in uniforms) + "]")


if __name__ == "__main__":
    main()
