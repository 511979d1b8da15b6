import SwiftRLAlgorithms

/// The hyperparameters of the chosen algorithm.
public enum AlgorithmConfiguration: Sendable, Hashable {
    /// Soft Actor-Critic's.
    case sac(SACConfiguration)
    /// TD3's.
    case td3(TD3Configuration)

    /// The default hyperparameters of `algorithm`.
    public init(defaultsFor algorithm: AlgorithmName) {
        switch algorithm {
        case .sac: self = .sac(SACConfiguration())
        case .td3: self = .td3(TD3Configuration())
        }
    }

    /// Decodes the hyperparameters of `algorithm` from `decoder`.
    init(_ algorithm: AlgorithmName, from decoder: any Decoder) throws {
        switch algorithm {
        case .sac: self = .sac(try SACConfiguration(from: decoder))
        case .td3: self = .td3(try TD3Configuration(from: decoder))
        }
    }

    /// The algorithm these hyperparameters belong to.
    public var algorithm: AlgorithmName {
        switch self {
        case .sac: .sac
        case .td3: .td3
        }
    }

    /// The part every off-policy algorithm shares: steps, batch size, evaluation and so on.
    public var offPolicy: any OffPolicyConfiguration {
        switch self {
        case .sac(let configuration): configuration
        case .td3(let configuration): configuration
        }
    }

    /// Encodes the hyperparameters' keys into `encoder`, beside any keys already there.
    func encode(to encoder: any Encoder) throws {
        try offPolicy.encode(to: encoder)
    }
}
