import Testing

/// A mixed absolute and relative tolerance: `|actual − expected| ≤ absolute + relative · |expected|`.
struct Tolerance: Sendable {
    var absolute: Double
    var relative: Double

    /// Analytic Float32 gradients against double-precision central differences.
    static let gradient = Tolerance(absolute: 1e-4, relative: 1e-3)
    /// Float32 forward passes against the double-precision reference network.
    static let forward = Tolerance(absolute: 1e-6, relative: 1e-5)
    /// Float32 optimizer and vector updates against float64 golden values.
    static let golden = Tolerance(absolute: 1e-6, relative: 1e-5)
    /// Adam's second moments against float64: Swift forms 1 − β₂ in Float32, and 1 − Float(0.999)
    /// lies 1.3e-5 (relative) below 0.001. The factor cancels in the bias-corrected v̂ that the
    /// update uses, so parameters still meet ``golden``.
    static let secondMoment = Tolerance(absolute: 0, relative: 3e-5)

    func accepts(_ actual: Double, _ expected: Double) -> Bool {
        abs(actual - expected) <= absolute + relative * abs(expected)
    }
}

/// Expects `actual` and `expected` to agree elementwise within `tolerance`, recording the first
/// few mismatches with their indices (and `label`) and a count of the rest.
func expectClose(
    _ actual: [Double], _ expected: [Double], within tolerance: Tolerance, _ label: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "\(label): \(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    var mismatches = 0
    for index in 0..<min(actual.count, expected.count) where !tolerance.accepts(actual[index], expected[index]) {
        mismatches += 1
        if mismatches <= 5 {
            Issue.record("\(label)[\(index)] = \(actual[index]), expected \(expected[index])",
                         sourceLocation: sourceLocation)
        }
    }
    #expect(mismatches == 0, "\(label): \(mismatches) of \(expected.count) values outside tolerance",
            sourceLocation: sourceLocation)
}

/// Float32 convenience for ``expectClose(_:_:within:_:sourceLocation:)``.
func expectClose(
    _ actual: [Float], _ expected: [Double], within tolerance: Tolerance, _ label: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    expectClose(actual.map(Double.init), expected, within: tolerance, label, sourceLocation: sourceLocation)
}
