import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLEnvironments
import Testing

@Suite("Export, load back")
struct PolicyRoundTripTests {
    @Test("export → load gives the same parameters, bounds, metadata and bit-identical actions",
          arguments: TestPolicies.all.map(\.prefix))
    func roundTrip(prefix: String) throws {
        let policy = try #require(TestPolicies.all.first { $0.prefix == prefix }).policy
        let loaded = try Policy(header: try TestPolicies.header(policy, prefix: prefix))
        #expect(loaded.deterministicPolicy.network.parameters.map(\.bitPattern) == policy.network.parameters.map(\.bitPattern))
        #expect(loaded.deterministicPolicy == policy)
        #expect(loaded.metadata == TestPolicies.metadata)
        #expect(loaded.prefix == prefix)
        for observation in TestPolicies.observations(dimension: policy.observationDimension, count: 50) {
            #expect(try loaded.evaluate(observation).map(\.bitPattern) == policy.action(for: observation).map(\.bitPattern))
        }
    }

    @Test("a briefly trained SAC run exports its metadata and reset observations, and loads back")
    func trainedState() throws {
        var configuration = SACConfiguration()
        configuration.steps = 300
        configuration.warmupSteps = 100
        configuration.batchSize = 32
        configuration.actor = NetworkConfiguration(hiddenSizes: [16, 16])
        configuration.critic = NetworkConfiguration(hiddenSizes: [16, 16])
        configuration.evaluation = EvaluationConfiguration(interval: 300, episodes: 1)
        let state = try SAC(environment: try EnvironmentRegistry.make("Pendulum-v1"), configuration: configuration)
            .makeState(seed: 3)
        while try !state.step() {}
        let header = try state.exportPolicy(name: "trained")
        #expect(header.contains("swiftrl-algorithm: SAC\n"))
        #expect(header.contains("swiftrl-steps: 300\n"))
        let loaded = try Policy(header: header)
        let metadata = try #require(loaded.metadata)
        #expect(metadata == ExportMetadata(algorithm: "SAC", environment: "Pendulum-v1", seed: 3, steps: 300,
                                           evaluationReturn: state.latestEvaluation?.returnMean))
        #expect(metadata.evaluationReturn != nil)
        #expect(loaded.deterministicPolicy == state.policy)
        let resets = ResetObservations.of(try EnvironmentRegistry.make("Pendulum-v1"), seeds: 0..<4)
        for observation in resets {
            #expect(try loaded.evaluate(observation) == state.action(for: observation))
        }
        #expect(try state.exportPolicy(name: "trained") == header, "exports are reproducible")
    }

    @Test("TD3 runs are named TD3")
    func td3Name() throws {
        var configuration = TD3Configuration()
        configuration.steps = 10
        configuration.warmupSteps = 10
        configuration.batchSize = 10
        configuration.actor = NetworkConfiguration(hiddenSizes: [8])
        configuration.critic = NetworkConfiguration(hiddenSizes: [8])
        let state = try TD3(environment: try EnvironmentRegistry.make("Pendulum-v1"), configuration: configuration)
            .makeState(seed: 1)
        while try !state.step() {}
        let loaded = try Policy(header: try state.exportPolicy())
        #expect(loaded.metadata?.algorithm == "TD3")
        #expect(loaded.metadata?.evaluationReturn == nil)
        #expect(loaded.prefix == "swiftrl_policy")
    }

    @Test("a header file is read from disk; a missing file is one clear error")
    func fromFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftrl-\(UUID().uuidString).h")
        defer { try? FileManager.default.removeItem(at: url) }
        try TestPolicies.header(TestPolicies.td3()).write(to: url, atomically: true, encoding: .utf8)
        #expect(try Policy(headerAt: url).deterministicPolicy == TestPolicies.td3())
        let missing = url.appendingPathExtension("missing")
        #expect(throws: PolicyLoadingError.cannotRead(path: missing.path, reason: "no such file")) {
            try Policy(headerAt: missing)
        }
    }
}
