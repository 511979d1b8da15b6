import SwiftRLAlgorithms
import SwiftRLEnvironments

/// Small, fast configurations for tests that train only briefly.
enum SmallConfiguration {
    static func sac(steps: Int = 1_000) -> SACConfiguration {
        var configuration = SACConfiguration()
        configuration.steps = steps
        configuration.batchSize = 32
        configuration.actor.hiddenSizes = [16, 16]
        configuration.critic.hiddenSizes = [16, 16]
        configuration.evaluation.interval = 0
        return configuration
    }

    static func td3(steps: Int = 1_000) -> TD3Configuration {
        var configuration = TD3Configuration()
        configuration.steps = steps
        configuration.batchSize = 32
        configuration.actor.hiddenSizes = [16, 16]
        configuration.critic.hiddenSizes = [16, 16]
        configuration.evaluation.interval = 0
        return configuration
    }
}

extension OffPolicyTrainingState {
    /// Steps until the run is finished.
    func runToEnd() throws {
        while try !step() {}
    }
}

/// The bit patterns of a Float array: equality of these is bitwise equality.
func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

/// The bit patterns of a Double array.
func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

/// A Pendulum as `gymnasium.make` returns it (with its 200-step time limit).
func pendulum() throws -> any Environment { try EnvironmentRegistry.make("Pendulum-v1") }
