import Foundation
import SwiftRLAlgorithms
@testable import SwiftRLCheckpoint
import SwiftRLEnvironments

/// Small configurations and helpers shared by the checkpoint tests.
enum Runs {
    static let steps = 600

    static func sac(hiddenSizes: [Int] = [16, 16]) -> SACConfiguration {
        var configuration = SACConfiguration()
        configuration.steps = steps
        configuration.batchSize = 32
        configuration.actor.hiddenSizes = hiddenSizes
        configuration.critic.hiddenSizes = hiddenSizes
        configuration.evaluation.interval = 250
        configuration.evaluation.episodes = 1
        return configuration
    }

    static func td3(noise: ExplorationNoiseKind = .gaussian) -> TD3Configuration {
        var configuration = TD3Configuration()
        configuration.steps = steps
        configuration.batchSize = 32
        configuration.actor.hiddenSizes = [16, 16]
        configuration.critic.hiddenSizes = [16, 16]
        configuration.explorationNoiseType = noise
        configuration.explorationNoise = noise == .ornsteinUhlenbeck ? 0.5 : 0.1
        configuration.evaluation.interval = 250
        configuration.evaluation.episodes = 1
        return configuration
    }

    static func sacState(environment: String = "Pendulum-v1", hiddenSizes: [Int] = [16, 16], seed: UInt64 = 7) throws -> SACState {
        try SAC(environment: EnvironmentRegistry.make(environment), configuration: sac(hiddenSizes: hiddenSizes))
            .makeState(seed: seed)
    }

    /// PPO with 3 environments × 50 steps per rollout (interruptions fall inside rollouts, so the
    /// checkpoint is taken at the next rollout's end), evaluating every 250 steps.
    static func ppoState(environment: String, normalize: Bool) throws -> PPOTrainingState {
        var configuration = PPOConfiguration()
        configuration.steps = steps
        configuration.numEnvs = 3
        configuration.stepsPerEnv = 50
        configuration.batchSize = 50
        configuration.epochs = 2
        configuration.actor.hiddenSizes = [16]
        configuration.critic.hiddenSizes = [16]
        configuration.normalizeObservations = normalize
        configuration.normalizeRewards = normalize
        configuration.evaluation.interval = 250
        configuration.evaluation.episodes = 1
        return try PPO(environment: environment, configuration: configuration).makeState(seed: 7)
    }

    static func td3State(noise: ExplorationNoiseKind = .gaussian) throws -> TD3State {
        try TD3(environment: EnvironmentRegistry.make("Pendulum-v1"), configuration: td3(noise: noise)).makeState(seed: 7)
    }
}

extension SnapshottingSession {
    /// Steps until `environmentSteps` reaches `step` or the run ends.
    func run(to step: Int) throws {
        while environmentSteps < step, try !self.step() {}
    }

    /// Both checkpoint files' bytes (without the checksum's dependence on anything but the tensors):
    /// equal bytes mean bit-identical state.
    func stateBytes() throws -> (metadata: Data, tensors: [UInt8]) {
        let (metadata, tensors) = try Checkpoint(session: self).encoded()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try encoder.encode(metadata), tensors.serialized())
    }
}

/// A fresh directory under the system's temporary directory, removed when the test is done.
func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("swiftrl-checkpoint-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}
