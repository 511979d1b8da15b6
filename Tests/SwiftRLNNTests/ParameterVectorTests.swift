import Testing

import SwiftRLNN

/// Polyak averaging, norms and norm clipping against hand-computed values. Twenty-element vectors
/// cover both the 16-lane SIMD loop and the scalar tail.
@Suite("ParameterVector")
struct ParameterVectorTests {
    // MARK: - Polyak averaging

    @Test("Polyak averaging with keep 0.75 gives the exact hand-computed blend")
    func polyakGolden() {
        // target i, source 4·(20 − i): 0.75·i + 0.25·4·(20 − i) = 20 − 0.25·i, all exact in Float32.
        var target = (0..<20).map { Float($0) }
        let source = (0..<20).map { Float(4 * (20 - $0)) }
        ParameterVector.polyakAverage(target: &target, source: source, keep: 0.75)
        #expect(target == (0..<20).map { 20 - 0.25 * Float($0) })
    }

    @Test("Polyak averaging with keep 0.995 matches a double-precision blend")
    func polyakSoftUpdate() {
        let original: [Float] = (0..<37).map { Float($0) * 0.37 - 5 }
        let source: [Float] = (0..<37).map { Float($0 * $0) * 0.01 - 2 }
        var target = original
        ParameterVector.polyakAverage(target: &target, source: source, keep: 0.995)
        let expected = zip(original, source).map { 0.995 * Double($0) + 0.005 * Double($1) }
        expectClose(target, expected, within: .golden, "target")
    }

    @Test("keep 1 leaves the target, keep 0 copies the source")
    func polyakExtremes() {
        let original: [Float] = (0..<20).map { Float($0) * 0.1 }
        let source: [Float] = (0..<20).map { Float($0) * -0.3 + 1 }
        var kept = original
        ParameterVector.polyakAverage(target: &kept, source: source, keep: 1)
        #expect(kept == original)
        var copied = original
        ParameterVector.polyakAverage(target: &copied, source: source, keep: 0)
        #expect(copied == source)
    }

    // MARK: - Norm and clipping

    @Test("norm of 1…20 is √2870")
    func norm() {
        let values = (1...20).map { Float($0) }
        #expect(ParameterVector.norm(values, count: values.count) == Float((2870.0).squareRoot()))
        #expect(ParameterVector.norm(values, count: 0) == 0)
    }

    @Test("clipNorm scales (3, 4) by 1/(5 + 1e-6) and returns 5")
    func clipNormGolden() {
        var gradients: [Float] = [3, 4]
        let before = ParameterVector.clipNorm(&gradients, count: 2, maximumNorm: 1)
        #expect(before == 5)
        expectClose(gradients, [3 / (5 + 1e-6), 4 / (5 + 1e-6)], within: .golden, "clipped")
    }

    @Test("clipNorm brings a long vector's norm down to the maximum, preserving its direction")
    func clipNormLongVector() {
        let original = (1...20).map { Float($0) }
        var gradients = original
        let total = 2870.0.squareRoot()
        let before = ParameterVector.clipNorm(&gradients, count: gradients.count, maximumNorm: 10)
        #expect(Double(before) == Double(Float(total)))
        let scale = 10 / (total + 1e-6)
        expectClose(gradients, original.map { Double($0) * scale }, within: .golden, "clipped")
        expectClose([ParameterVector.norm(gradients, count: gradients.count)], [10], within: .golden, "norm after")
    }

    @Test("clipNorm leaves a vector within the maximum untouched")
    func clipNormBelowMaximum() {
        let original: [Float] = (0..<20).map { Float($0) * 0.01 - 0.1 }
        var gradients = original
        let before = ParameterVector.clipNorm(&gradients, count: gradients.count, maximumNorm: 10)
        #expect(gradients == original)
        #expect(before == ParameterVector.norm(original, count: original.count))
    }
}
