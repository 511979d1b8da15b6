import Testing

import SwiftRLAlgorithms

/// Invalid hyperparameters are refused with the key at fault, before anything is allocated.
@Suite("Configuration validation")
struct ConfigurationValidationTests {
    struct Invalid<Configuration: Sendable>: Sendable, CustomTestStringConvertible {
        let key: String
        let change: @Sendable (inout Configuration) -> Void
        var testDescription: String { key }
    }

    static let sacCases: [Invalid<SACConfiguration>] = [
        Invalid(key: "batch_size") { $0.batchSize = 0 },
        Invalid(key: "gamma") { $0.gamma = 1.5 },
        Invalid(key: "polyak") { $0.polyak = -1 },
        Invalid(key: "actor.hidden_sizes") { $0.actor.hiddenSizes = [] },
        Invalid(key: "critic.hidden_sizes") { $0.critic.hiddenSizes = [64, 0] },
        Invalid(key: "log_std_min") { $0.logStdMin = 2; $0.logStdMax = 2 },
        Invalid(key: "replay_capacity") { $0.batchSize = 100; $0.replayCapacity = 99 },
        Invalid(key: "steps") { $0.steps = 0 },
        Invalid(key: "initial_entropy_coefficient") { $0.initialEntropyCoefficient = 0 },
        Invalid(key: "evaluation.episodes") { $0.evaluation.episodes = 0 },
        Invalid(key: "optimizer.beta1") { $0.optimizer.beta1 = 1 },
        Invalid(key: "optimizer.epsilon") { $0.optimizer.epsilon = .infinity },
        // Sizes whose networks could not be allocated.
        Invalid(key: "actor.hidden_sizes") { $0.actor.hiddenSizes = [100_000, 100_000] },
        Invalid(key: "critic.hidden_sizes") { $0.critic.hiddenSizes = [20_000, 20_000] },
        Invalid(key: "actor.hidden_sizes") { $0.actor.hiddenSizes = .init(repeating: 8, count: 10_000) },
    ]

    static let td3Cases: [Invalid<TD3Configuration>] = [
        Invalid(key: "policy_delay") { $0.policyDelay = 0 },
        Invalid(key: "batch_size") { $0.batchSize = 0 },
        Invalid(key: "gamma") { $0.gamma = 1.5 },
        Invalid(key: "polyak") { $0.polyak = -1 },
        Invalid(key: "actor.hidden_sizes") { $0.actor.hiddenSizes = [] },
        Invalid(key: "replay_capacity") { $0.replayCapacity = 10 },
        Invalid(key: "target_noise") { $0.targetNoise = -0.1 },
    ]

    @Test("The default configurations are valid")
    func defaults() throws {
        try SACConfiguration().validate()
        try TD3Configuration().validate()
    }

    @Test("SAC refuses an invalid value, naming its key", arguments: sacCases)
    func sac(invalid: Invalid<SACConfiguration>) throws {
        var configuration = SACConfiguration()
        invalid.change(&configuration)
        let error = #expect(throws: ConfigurationError.self) { try configuration.validate() }
        try expectInvalidValue(error, key: invalid.key)
        // makeState validates too.
        let fromState = #expect(throws: ConfigurationError.self) {
            try SAC(environment: pendulum(), configuration: configuration).makeState(seed: 1)
        }
        #expect(fromState == error)
    }

    @Test("TD3 refuses an invalid value, naming its key", arguments: td3Cases)
    func td3(invalid: Invalid<TD3Configuration>) throws {
        var configuration = TD3Configuration()
        invalid.change(&configuration)
        let error = #expect(throws: ConfigurationError.self) { try configuration.validate() }
        try expectInvalidValue(error, key: invalid.key)
        let fromState = #expect(throws: ConfigurationError.self) {
            try TD3(environment: pendulum(), configuration: configuration).makeState(seed: 1)
        }
        #expect(fromState == error)
    }

    private func expectInvalidValue(_ error: ConfigurationError?, key: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = try #require(error, sourceLocation: sourceLocation)
        guard case .invalidValue(let actualKey, _, _) = error else {
            Issue.record("expected invalidValue, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(actualKey == key, sourceLocation: sourceLocation)
        #expect(error.description.contains("'\(key)'"), "\(error.description)", sourceLocation: sourceLocation)
    }
}
