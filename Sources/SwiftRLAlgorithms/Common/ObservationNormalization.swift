/// Standardization of observations with frozen statistics: `clamp((o − mean) / std, −clip, clip)`
/// per value, as Stable-Baselines3's `VecNormalize` applies it. A policy artifact carries it, and an
/// exported header applies it with the same operations.
public struct ObservationNormalization: Sendable, Hashable, Codable {
    /// Per-value means.
    public var mean: [Float]
    /// Per-value standard deviations (√(variance + ε), positive).
    public var standardDeviation: [Float]
    /// Normalized values are clamped to ±clip.
    public var clip: Float

    /// Creates a normalization.
    public init(mean: [Float], standardDeviation: [Float], clip: Float) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.clip = clip
    }

    /// Whether it normalizes observations of `dimension` values: as many finite means and positive,
    /// finite standard deviations, and a positive, finite clip.
    public func isValid(dimension: Int) -> Bool {
        mean.count == dimension && standardDeviation.count == dimension && mean.allSatisfy(\.isFinite)
            && standardDeviation.allSatisfy { $0 > 0 && $0.isFinite } && clip > 0 && clip.isFinite
    }

    /// Normalizes `count` observations of `mean.count` values each, row-major.
    public func apply(_ observations: UnsafePointer<Float>, count: Int, into normalized: UnsafeMutablePointer<Float>) {
        let dimension = mean.count
        for row in 0..<count {
            for i in 0..<dimension {
                let index = row * dimension + i
                normalized[index] = min(max((observations[index] - mean[i]) / standardDeviation[i], -clip), clip)
            }
        }
    }

    /// One observation, normalized (allocates).
    public func normalized(_ observation: [Float]) -> [Float] {
        var result = observation
        observation.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { apply(source.baseAddress!, count: 1, into: $0.baseAddress!) }
        }
        return result
    }
}
