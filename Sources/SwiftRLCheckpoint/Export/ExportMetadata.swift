/// What an exported policy's header says about how it was trained.
public struct ExportMetadata: Sendable, Hashable {
    /// The algorithm that trained the policy, e.g. `SAC`.
    public var algorithm: String
    /// The registered name of the environment, e.g. `Pendulum-v1`.
    public var environment: String
    /// The training run's seed.
    public var seed: UInt64
    /// Environment steps of training.
    public var steps: Int
    /// Mean evaluation return of the policy, when it was evaluated.
    public var evaluationReturn: Double?

    /// Creates metadata.
    public init(algorithm: String, environment: String, seed: UInt64, steps: Int, evaluationReturn: Double? = nil) {
        self.algorithm = algorithm
        self.environment = environment
        self.seed = seed
        self.steps = steps
        self.evaluationReturn = evaluationReturn
    }
}
