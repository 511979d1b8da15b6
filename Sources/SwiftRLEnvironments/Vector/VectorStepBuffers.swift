/// Results of the latest reset or step of a vector environment, row i belonging to environment i.
///
/// The buffers are allocated once, when the vector is created, and overwritten by every `reset` and
/// `step`: read (or copy) them before the next call.
public final class VectorStepBuffers: @unchecked Sendable {
    /// The number of environments, that is of rows.
    public let environmentCount: Int
    /// The length of one observation row.
    public let observationDimension: Int
    /// count × observationDimension, row-major: the observation each environment is in now (after an
    /// autoreset, the reset observation).
    public let observations: UnsafeMutableBufferPointer<Float>
    /// Rewards of the latest step, Double as Gymnasium computes them (0 after reset).
    public let rewards: UnsafeMutableBufferPointer<Double>
    /// Whether each environment terminated in the latest step.
    public let terminated: UnsafeMutableBufferPointer<Bool>
    /// Whether each environment was truncated in the latest step.
    public let truncated: UnsafeMutableBufferPointer<Bool>
    /// count × observationDimension: for environments that ended in the latest step, the last
    /// observation of the finished episode (Gymnasium's `infos["final_obs"]`); other rows unspecified.
    public let finalObservations: UnsafeMutableBufferPointer<Float>

    /// Allocates zeroed buffers for `environmentCount` environments whose observations have
    /// `observationDimension` values; both must be non-negative.
    public init(environmentCount: Int, observationDimension: Int) {
        precondition(
            environmentCount >= 0 && observationDimension >= 0,
            "VectorStepBuffers needs non-negative sizes, got \(environmentCount) × \(observationDimension)"
        )
        self.environmentCount = environmentCount
        self.observationDimension = observationDimension
        let matrixCount = environmentCount * observationDimension
        observations = .allocate(capacity: matrixCount)
        observations.initialize(repeating: 0)
        finalObservations = .allocate(capacity: matrixCount)
        finalObservations.initialize(repeating: 0)
        rewards = .allocate(capacity: environmentCount)
        rewards.initialize(repeating: 0)
        terminated = .allocate(capacity: environmentCount)
        terminated.initialize(repeating: false)
        truncated = .allocate(capacity: environmentCount)
        truncated.initialize(repeating: false)
    }

    /// Frees the buffers.
    deinit {
        observations.deallocate()
        finalObservations.deallocate()
        rewards.deallocate()
        terminated.deallocate()
        truncated.deallocate()
    }

    /// Zeroes the rewards and the termination and truncation flags, as after a reset.
    func clearOutcomes() {
        rewards.update(repeating: 0)
        terminated.update(repeating: false)
        truncated.update(repeating: false)
    }
}
