import SwiftRLCore

extension RandomGenerator {
    /// `count` deterministic values uniform in [lower, upper).
    mutating func floats(_ count: Int, in range: Range<Float> = -1..<1) -> [Float] {
        (0..<count).map { _ in uniform(range.lowerBound, range.upperBound) }
    }
}
