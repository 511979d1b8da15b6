import Testing

import SwiftRLAlgorithms
import SwiftRLEnvironments

/// SAC and TD3 need continuous actions.
@Suite("Action spaces")
struct ActionSpaceTests {
    @Test("SAC and TD3 refuse CartPole-v1's Discrete(2) actions", arguments: ["SAC", "TD3"])
    func discrete(algorithm: String) throws {
        let environment = try EnvironmentRegistry.make("CartPole-v1")
        let error = #expect(throws: TrainingError.self) {
            switch algorithm {
            case "SAC": _ = try SAC(environment: environment).makeState(seed: 1)
            default: _ = try TD3(environment: environment).makeState(seed: 1)
            }
        }
        #expect(error == .unsupportedActionSpace(algorithm: algorithm, environment: "CartPole-v1", actionSpace: "Discrete(2)"))
        let description = try #require(error?.description)
        #expect(description.contains("Discrete(2)"), "\(description)")
        #expect(description.contains(algorithm) && description.contains("CartPole-v1"), "\(description)")
    }
}
