import Testing

/// A mixed absolute and relative tolerance: `|actual − expected| ≤ absolute + relative · |expected|`.
struct Tolerance: Sendable {
    var absolute: Double
    var relative: Double

    /// Float32 evaluations of a formula against its float64 value.
    static let float32 = Tolerance(absolute: 1e-6, relative: 1e-5)
    /// Float32 closed-form gradients against float64 central differences (step 1e-6, error ~1e-9).
    static let gradient = Tolerance(absolute: 2e-6, relative: 2e-5)

    func accepts(_ actual: Double, _ expected: Double) -> Bool {
        abs(actual - expected) <= absolute + relative * abs(expected)
    }
}

/// Expects `actual` to be within `tolerance` of `expected`.
func expectClose(
    _ actual: Float, _ expected: Double, within tolerance: Tolerance, _ label: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(tolerance.accepts(Double(actual), expected), "\(label): \(actual), expected \(expected)",
            sourceLocation: sourceLocation)
}
