/// Who a bearer token speaks for; each role may call only its own methods of the relay.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// A rollout worker: sends samples, reads weights.
    case worker
    /// The trainer: takes samples, publishes weights, reads weights.
    case trainer
    /// An operator: reads the relay's status and weights.
    case admin

    /// The relay methods (gRPC method names) this role may call.
    var allowedMethods: Set<String> {
        switch self {
        case .worker: ["SendSamples", "WatchWeights"]
        case .trainer: ["TakeSamples", "PublishWeights", "WatchWeights"]
        case .admin: ["Status", "WatchWeights"]
        }
    }

    /// The token file of this role in a credentials directory, such as `worker.token`.
    public var tokenFileName: String { "\(rawValue).token" }
}
