import SwiftRLKernels

/// A seeded, portable pseudo-random number generator (xoshiro256**), passed explicitly wherever
/// randomness is needed so that one seed gives one result, bit for bit.
///
/// Its whole state is four words plus a cached normal deviate, so it can be saved in a checkpoint
/// and restored exactly.
///
/// ```swift
/// var generator = RandomGenerator(seed: 1)
/// let u = generator.uniform()        // in [0, 1)
/// let z = generator.normal()         // standard normal
/// ```
public struct RandomGenerator: RandomNumberGenerator, Sendable, Hashable, Codable {
    // The four words of xoshiro256** state.
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64
    // The second deviate of the last Box–Muller pair, returned by the next `normal()` call.
    @usableFromInline var spareNormal: Float?

    /// Creates a generator whose state is expanded from `seed` with SplitMix64.
    public init(seed: UInt64) {
        var mixer = seed
        var words = [UInt64](repeating: 0, count: 4)
        for index in 0..<4 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            words[index] = z ^ (z >> 31)
        }
        (s0, s1, s2, s3) = (words[0], words[1], words[2], words[3])
        spareNormal = nil
    }

    /// Decodes a generator, refusing a state it can never be in: all four words zero (xoshiro
    /// would then return zeros forever) or a non-finite spare normal deviate.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        s0 = try container.decode(UInt64.self, forKey: .s0)
        s1 = try container.decode(UInt64.self, forKey: .s1)
        s2 = try container.decode(UInt64.self, forKey: .s2)
        s3 = try container.decode(UInt64.self, forKey: .s3)
        spareNormal = try container.decodeIfPresent(Float.self, forKey: .spareNormal)
        guard s0 | s1 | s2 | s3 != 0, spareNormal?.isFinite ?? true else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a random generator state that cannot occur (all zero, or a non-finite spare deviate)"))
        }
    }

    /// Returns the next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    /// A uniform deviate in [0, 1) with 24 random bits.
    @inlinable
    public mutating func uniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform deviate in [lower, upper).
    @inlinable
    public mutating func uniform(_ lower: Float, _ upper: Float) -> Float {
        lower + (upper - lower) * uniform()
    }

    /// A uniform deviate in [0, 1) with 53 random bits.
    @inlinable
    public mutating func uniformDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform deviate in [lower, upper) with 53 random bits.
    @inlinable
    public mutating func uniformDouble(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * uniformDouble()
    }

    /// A uniform integer in 0..<count.
    @inlinable
    public mutating func index(below count: Int) -> Int {
        precondition(count > 0, "index(below:) needs a positive count, got \(count)")
        return Int(next(upperBound: UInt64(count)))
    }

    /// A standard normal deviate (Box–Muller; the pair's second value is kept for the next call).
    ///
    /// Each pair takes two uniforms `u1`, `u2` and gives `r cos θ`, then `r sin θ`, with
    /// `r = √(−2 log(1 − u1))` and `θ = 2π u2` in double precision through SwiftRL's own log and
    /// sin/cos (`swiftrl_box_muller`), so the deviates do not depend on the C library.
    @inlinable
    public mutating func normal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        var u1 = uniform(), u2 = uniform(), cosine: Float = 0, sine: Float = 0
        swiftrl_box_muller(1, &u1, &u2, &cosine, &sine)
        spareNormal = sine
        return cosine
    }

    /// Writes `count` standard normal deviates: the same values, in the same order, as `count`
    /// calls of ``normal()``, with the Box–Muller pairs computed in vectorized batches.
    public mutating func fillNormals(_ values: UnsafeMutablePointer<Float>, count: Int) {
        var written = 0
        if count > 0, let spare = spareNormal {
            values[0] = spare
            spareNormal = nil
            written = 1
        }
        let chunk = 256
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * chunk) { scratch in
            let u1 = scratch.baseAddress!, u2 = u1 + chunk, cosines = u2 + chunk, sines = cosines + chunk
            while written < count {
                let pairs = min(chunk, (count - written + 1) / 2)
                for pair in 0..<pairs {
                    u1[pair] = uniform()
                    u2[pair] = uniform()
                }
                swiftrl_box_muller(Int32(pairs), u1, u2, cosines, sines)
                for pair in 0..<pairs {
                    values[written] = cosines[pair]
                    written += 1
                    if written < count {
                        values[written] = sines[pair]
                        written += 1
                    } else {
                        spareNormal = sines[pair]
                    }
                }
            }
        }
    }

    /// A new generator seeded from this one, for an independent stream (an environment, a worker).
    public mutating func split() -> RandomGenerator {
        RandomGenerator(seed: next())
    }
}

@usableFromInline
@inline(__always)
func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
    (value << amount) | (value >> (64 - amount))
}
