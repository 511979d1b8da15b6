import Foundation
import Testing

@testable import SwiftRLCore

@Suite("RandomGenerator")
struct RandomGeneratorTests {
    // MARK: - Determinism

    @Test("The same seed gives the same stream")
    func sameSeedSameStream() {
        var first = RandomGenerator(seed: 12345)
        var second = RandomGenerator(seed: 12345)
        for _ in 0..<1000 {
            #expect(first.next() == second.next())
        }
        for _ in 0..<1000 {
            #expect(first.normal().bitPattern == second.normal().bitPattern)
            #expect(first.uniform().bitPattern == second.uniform().bitPattern)
        }
        #expect(first == second)
    }

    @Test("Different seeds give different streams")
    func differentSeedsDiffer() {
        let seeds: [UInt64] = [0, 1, 2, 3, 42, 1 << 32, .max]
        let prefixes = seeds.map { seed -> [UInt64] in
            var generator = RandomGenerator(seed: seed)
            return (0..<8).map { _ in generator.next() }
        }
        #expect(Set(prefixes).count == seeds.count)
        // Not merely shifted copies of one another: no value is shared between two streams.
        let allValues = prefixes.flatMap { $0 }
        #expect(Set(allValues).count == allValues.count)
    }

    /// Pins the exact algorithm (SplitMix64 seeding, xoshiro256** output), so that a seed means the
    /// same stream on every platform and in every version. Values from
    /// `scripts/reference/xoshiro_reference.py`.
    @Test("Matches the reference xoshiro256** with SplitMix64 seeding", arguments: [
        (UInt64(0), [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C, 0xBBA5_AD4A_1F84_2E59] as [UInt64]),
        (UInt64(1), [0xB3F2_AF6D_0FC7_10C5, 0x853B_5596_4736_4CEA, 0x92F8_9756_082A_4514, 0x642E_1C7B_C266_A3A7, 0xB27A_48E2_9A23_3673]),
        (UInt64(42), [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1, 0xFDE6_DC7F_E2EC_5E64]),
    ])
    func knownAnswers(seed: UInt64, expected: [UInt64]) {
        var generator = RandomGenerator(seed: seed)
        let outputs = (0..<expected.count).map { _ in generator.next() }
        #expect(outputs == expected)
    }

    @Test("uniform() takes the top 24 bits (reference values)")
    func uniformKnownAnswers() {
        var generator = RandomGenerator(seed: 7)
        let expected: [Float] = [0.7005764245986938, 0.2787511944770813, 0.8396274447441101, 0.9810976982116699, 0.9908602237701416]
        let values = (0..<expected.count).map { _ in generator.uniform() }
        #expect(values == expected)
    }

    // MARK: - Ranges

    @Test("uniform() lies in [0, 1) and averages 1/2")
    func uniformRange() {
        var generator = RandomGenerator(seed: 3)
        var sum = 0.0
        let count = 100_000
        for _ in 0..<count {
            let u = generator.uniform()
            #expect(u >= 0 && u < 1)
            sum += Double(u)
        }
        // Standard error of the mean: sqrt(1/12 / 100k) ≈ 0.0009.
        #expect(abs(sum / Double(count) - 0.5) < 0.005)
    }

    @Test("uniform(lower, upper) and uniformDouble() stay in their half-open ranges")
    func scaledUniformRanges() {
        var generator = RandomGenerator(seed: 4)
        for _ in 0..<10_000 {
            let u = generator.uniform(-2, 3)
            #expect(u >= -2 && u < 3)
            let d = generator.uniformDouble()
            #expect(d >= 0 && d < 1)
            let e = generator.uniformDouble(-1, 1)
            #expect(e >= -1 && e < 1)
        }
    }

    @Test("index(below:) stays in range and reaches every value", arguments: [1, 2, 7, 10, 1000])
    func indexBelow(count: Int) {
        var generator = RandomGenerator(seed: UInt64(count))
        var seen = Set<Int>()
        for _ in 0..<max(20 * count, 1000) {
            let index = generator.index(below: count)
            #expect(index >= 0 && index < count)
            seen.insert(index)
        }
        #expect(seen.count == count)
    }

    @Test("normal() has mean 0 and variance 1")
    func normalMoments() {
        var generator = RandomGenerator(seed: 5)
        let count = 100_000
        var sum = 0.0, sumOfSquares = 0.0
        for _ in 0..<count {
            let z = Double(generator.normal())
            #expect(z.isFinite)
            sum += z
            sumOfSquares += z * z
        }
        let mean = sum / Double(count)
        let variance = sumOfSquares / Double(count) - mean * mean
        // Standard errors: 0.0032 for the mean, 0.0045 for the variance.
        #expect(abs(mean) < 0.02)
        #expect(abs(variance - 1) < 0.03)
    }

    // MARK: - State

    @Test("A JSON round trip mid-stream, with a cached spare normal, continues identically")
    func codableRoundTrip() throws {
        var generator = RandomGenerator(seed: 99)
        for _ in 0..<17 { _ = generator.next() }
        _ = generator.normal()  // caches the pair's second deviate
        #expect(generator.spareNormal != nil)

        let data = try JSONEncoder().encode(generator)
        var restored = try JSONDecoder().decode(RandomGenerator.self, from: data)
        #expect(restored == generator)
        // The spare comes first, then fresh pairs, interleaved with raw draws.
        for _ in 0..<100 {
            #expect(restored.normal().bitPattern == generator.normal().bitPattern)
            #expect(restored.next() == generator.next())
            #expect(restored.uniform().bitPattern == generator.uniform().bitPattern)
        }
    }

    @Test("A JSON round trip without a cached spare continues identically")
    func codableRoundTripWithoutSpare() throws {
        var generator = RandomGenerator(seed: 100)
        _ = generator.normal()
        _ = generator.normal()  // consumes the spare
        #expect(generator.spareNormal == nil)
        var restored = try JSONDecoder().decode(RandomGenerator.self, from: JSONEncoder().encode(generator))
        #expect(restored == generator)
        for _ in 0..<100 {
            #expect(restored.normal().bitPattern == generator.normal().bitPattern)
        }
    }

    @Test("split() gives a deterministic stream distinct from its parent's")
    func split() {
        var parent = RandomGenerator(seed: 8)
        var twin = RandomGenerator(seed: 8)
        var child = parent.split()
        var twinChild = twin.split()
        #expect(child == twinChild)
        #expect(parent == twin)
        let childValues = (0..<16).map { _ in child.next() }
        let parentValues = (0..<16).map { _ in parent.next() }
        #expect(Set(childValues).isDisjoint(with: parentValues))
        #expect(childValues == (0..<16).map { _ in twinChild.next() })
    }

    @Test("fillNormals gives the values of as many normal() calls, spare included", arguments: [0, 1, 2, 7, 100, 513])
    func fillNormalsMatchesNormal(count: Int) {
        for leadingCalls in 0...1 {  // with and without a spare deviate waiting
            var one = RandomGenerator(seed: UInt64(count + 1)), batch = one
            for _ in 0..<leadingCalls {
                _ = one.normal()
                _ = batch.normal()
            }
            let expected = (0..<count).map { _ in one.normal().bitPattern }
            var values = [Float](repeating: .nan, count: count)
            values.withUnsafeMutableBufferPointer { batch.fillNormals($0.baseAddress!, count: count) }
            #expect(values.map(\.bitPattern) == expected)
            #expect(batch == one)
            #expect(batch.normal().bitPattern == one.normal().bitPattern)
        }
    }

    @Test("normal() is within one float ulp of Box–Muller with libm's double-precision log, sin and cos")
    func normalMatchesLibm() {
        var generator = RandomGenerator(seed: 11), reference = generator
        var worst: Float = 0
        for _ in 0..<50_000 {
            let u1 = Double(reference.uniform()), u2 = Double(reference.uniform())
            let radius = (-2 * Foundation.log(1 - u1)).squareRoot(), angle = 2 * Double.pi * u2
            for expected in [Float(radius * Foundation.cos(angle)), Float(radius * Foundation.sin(angle))] {
                let actual = generator.normal()
                worst = max(worst, abs(actual - expected) / max(expected.magnitude.ulp, Float.leastNormalMagnitude))
            }
        }
        #expect(worst <= 1, "largest difference \(worst) ulp")
    }
}
