/// Running means and variances of vectors, merged batch by batch in double precision (Chan et al.'s
/// parallel algorithm, as Stable-Baselines3's `RunningMeanStd`), for observation and reward
/// normalization. It is `Codable`, so checkpoints carry it.
public struct RunningStatistics: Sendable, Hashable, Codable {
    /// Values seen per component (starts at a tiny ε, as Stable-Baselines3 does, so the first merge
    /// is well defined).
    public private(set) var count: Double
    /// Per-component means.
    public private(set) var mean: [Double]
    /// Per-component (population) variances.
    public private(set) var variance: [Double]

    /// Statistics of `dimension` components before any data: mean 0, variance 1.
    public init(dimension: Int) {
        count = 1e-4
        mean = [Double](repeating: 0, count: dimension)
        variance = [Double](repeating: 1, count: dimension)
    }

    /// Restores saved statistics; nil when they are inconsistent (lengths differ, negative or
    /// non-finite values).
    public init?(count: Double, mean: [Double], variance: [Double]) {
        guard count.isFinite, count > 0, mean.count == variance.count, mean.allSatisfy(\.isFinite),
              variance.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
        self.count = count
        self.mean = mean
        self.variance = variance
    }

    /// Merges `rows` vectors (row-major, `mean.count` values each).
    public mutating func update(_ values: UnsafePointer<Float>, rows: Int) {
        guard rows > 0 else { return }
        let dimension = mean.count, batchCount = Double(rows), total = count + batchCount
        for i in 0..<dimension {
            var sum = 0.0
            for row in 0..<rows { sum += Double(values[row * dimension + i]) }
            let batchMean = sum / batchCount
            var squares = 0.0
            for row in 0..<rows {
                let deviation = Double(values[row * dimension + i]) - batchMean
                squares += deviation * deviation
            }
            let delta = batchMean - mean[i]
            let combined = variance[i] * count + squares + delta * delta * count * batchCount / total
            mean[i] += delta * batchCount / total
            variance[i] = combined / total
        }
        count = total
    }

    /// The frozen normalization these statistics give: std = √(variance + epsilon).
    public func normalization(epsilon: Double = 1e-8, clip: Float = 10) -> ObservationNormalization {
        ObservationNormalization(mean: mean.map { Float($0) },
                                 standardDeviation: variance.map { Float(($0 + epsilon).squareRoot()) }, clip: clip)
    }
}

extension RunningStatistics {
    /// `[count] + mean + variance`, as checkpoints store it.
    var flattened: [Double] { [count] + mean + variance }

    /// Statistics of `dimension` components from their ``flattened`` form; nil when inconsistent.
    init?(flattened values: [Double], dimension: Int) {
        guard values.count == 1 + 2 * dimension else { return nil }
        self.init(count: values[0], mean: Array(values[1...dimension]), variance: Array(values[(dimension + 1)...]))
    }
}
