import Foundation
import Testing

import SwiftRLNN
@testable import SwiftRLAlgorithms

/// The deployable policy acts as the training state does, and survives serialization bit for bit.
@Suite("Deterministic policy and action rescaling")
struct PolicyTests {
    @Test("Rescaling maps −1 to low, +1 to high and 0 to the midpoint")
    func rescaling() {
        let rescaling = ActionRescaling(low: [-2, 0, -1, -0.5], high: [2, 10, 3, 0.25])
        var action = [Float](repeating: .nan, count: 4)
        rescaling.environmentAction(from: [-1, -1, -1, -1], into: &action)
        #expect(action == [-2, 0, -1, -0.5])
        rescaling.environmentAction(from: [1, 1, 1, 1], into: &action)
        #expect(action == [2, 10, 3, 0.25])
        rescaling.environmentAction(from: [0, 0, 0, 0], into: &action)
        #expect(action == [0, 5, 1, -0.125])
        rescaling.environmentAction(from: [0.5, -0.5, 0.5, -0.5], into: &action)
        #expect(action == [1, 2.5, 2, -0.3125])
    }

    static let observations: [[Float]] = [[1, 0, 0], [0.6, -0.8, 3.5], [-1, 0, -8], [0.28, 0.96, -0.3]]

    @Test("policy.action(for:) equals state.action(for:) bit for bit", arguments: ["SAC", "TD3"])
    func policyActsAsState(algorithm: String) throws {
        let (policy, actions) = try Self.trained(algorithm)
        for (observation, stateAction) in zip(Self.observations, actions) {
            #expect(try bits(policy.action(for: observation)) == bits(stateAction), "observation \(observation)")
            #expect(try policy.action(for: observation).allSatisfy { (-2...2).contains($0) })
        }
        #expect(policy.squashing == (algorithm == "SAC" ? .tanhOfMean : DeterministicPolicy.Squashing.none))
        #expect(policy.actionLow == [-2] && policy.actionHigh == [2])
        #expect(policy.observationDimension == 3 && policy.actionDimension == 1)
    }

    @Test("A policy survives a JSON round trip bit for bit", arguments: ["SAC", "TD3"])
    func jsonRoundTrip(algorithm: String) throws {
        let (policy, _) = try Self.trained(algorithm)
        let decoded = try JSONDecoder().decode(DeterministicPolicy.self, from: JSONEncoder().encode(policy))
        #expect(decoded == policy)
        #expect(bits(decoded.network.parameters) == bits(policy.network.parameters))
        #expect(decoded.network.denseArchitecture == policy.network.denseArchitecture)
        for observation in Self.observations {
            #expect(try bits(decoded.action(for: observation)) == bits(policy.action(for: observation)))
        }
    }

    /// A briefly trained policy (weights moved away from their initialization) and the training
    /// state's actions for ``observations``.
    static func trained(_ algorithm: String) throws -> (DeterministicPolicy, [[Float]]) {
        switch algorithm {
        case "SAC":
            let state = try SAC(environment: pendulum(), configuration: SmallConfiguration.sac(steps: 300)).makeState(seed: 2)
            let initial = state.policy
            try state.runToEnd()
            #expect(state.policy != initial)
            return (state.policy, try observations.map { try state.action(for: $0) })
        default:
            let state = try TD3(environment: pendulum(), configuration: SmallConfiguration.td3(steps: 300)).makeState(seed: 2)
            let initial = state.policy
            try state.runToEnd()
            #expect(state.policy != initial)
            return (state.policy, try observations.map { try state.action(for: $0) })
        }
    }
}
