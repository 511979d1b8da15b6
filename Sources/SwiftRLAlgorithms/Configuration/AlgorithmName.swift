/// The algorithms a run can use, by their configuration names (`algorithm: sac`).
public enum AlgorithmName: String, Sendable, Hashable, Codable, CaseIterable {
    /// Soft Actor-Critic.
    case sac
    /// Twin Delayed DDPG.
    case td3
    /// Proximal Policy Optimization.
    case ppo

    /// The name as written in prose, such as `SAC`.
    public var displayName: String { rawValue.uppercased() }

    /// The algorithm called `name`.
    /// - Throws: ``ConfigurationError/unknownAlgorithm(_:available:)`` for any other name.
    public init(named name: String) throws(ConfigurationError) {
        guard let algorithm = AlgorithmName(rawValue: name) else {
            throw .unknownAlgorithm(name, available: AlgorithmName.allCases.map(\.rawValue))
        }
        self = algorithm
    }
}
