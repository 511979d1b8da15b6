import Foundation
import SwiftRLAlgorithms
@testable import SwiftRLCheckpoint
import Testing

/// A run interrupted at a checkpoint and resumed in a fresh state ends bit-identical to the same run
/// done in one go: every parameter, Adam moment, target, counter, generator, replay buffer, episode
/// return, environment, normalization statistic and the final evaluation.
@Suite struct ExactResumeTests {
    enum Algorithm: String, CaseIterable, CustomTestStringConvertible {
        case sac, td3Gaussian, td3OrnsteinUhlenbeck, ppoCartPole, ppoPendulumNormalized
        var testDescription: String { rawValue }

        func makeState() throws -> any SnapshottingSession {
            switch self {
            case .sac: try Runs.sacState()
            case .td3Gaussian: try Runs.td3State()
            case .td3OrnsteinUhlenbeck: try Runs.td3State(noise: .ornsteinUhlenbeck)
            case .ppoCartPole: try Runs.ppoState(environment: "CartPole-v1", normalize: false)
            case .ppoPendulumNormalized: try Runs.ppoState(environment: "Pendulum-v1", normalize: true)
            }
        }
    }

    @Test(arguments: Algorithm.allCases, [150, 400])
    func resumedRunMatchesUninterruptedRun(algorithm: Algorithm, interruption: Int) throws {
        let uninterrupted = try algorithm.makeState()
        try uninterrupted.run(to: Runs.steps)

        try withTemporaryDirectory { directory in
            let first = try algorithm.makeState()
            try first.run(to: interruption)
            let url = directory.appendingPathComponent("checkpoint")
            try Checkpoint(session: first).write(to: url)

            let resumed = try algorithm.makeState()
            try Checkpoint.read(from: url).restore(into: resumed)
            #expect(try resumed.stateBytes() == first.stateBytes())
            try resumed.run(to: Runs.steps)

            let expected = try uninterrupted.stateBytes(), found = try resumed.stateBytes()
            #expect(found.tensors == expected.tensors)
            #expect(found.metadata == expected.metadata)
            #expect(resumed.episodes == uninterrupted.episodes && resumed.episodes > 0)
            let expectedEvaluation = try uninterrupted.evaluate(episodes: 2, seed: 99)
            let foundEvaluation = try resumed.evaluate(episodes: 2, seed: 99)
            #expect(foundEvaluation.returns.map(\.bitPattern) == expectedEvaluation.returns.map(\.bitPattern))
        }
    }

    @Test func resumingWithoutReplayBufferStartsWithAnEmptyBuffer() throws {
        let first = try Runs.sacState()
        try first.run(to: 150)
        let resumed = try Runs.sacState()
        try Checkpoint(session: first, includingReplayBuffer: false).restore(into: resumed)
        #expect(resumed.replayBuffer.count == 0)
        #expect(resumed.environmentSteps == 150)
        try resumed.run(to: Runs.steps)
        #expect(resumed.isFinished)
    }
}

/// Checkpoint tensors carry PyTorch's names and layout, network by network and layer by layer.
@Suite struct CheckpointTensorLayoutTests {
    @Test func networksAreStoredLayerByLayerAsPyTorchNamesThem() throws {
        let state = try Runs.sacState()
        try state.run(to: 150)
        let (_, tensors) = try Checkpoint(session: state).encoded()
        let names = Set(tensors.tensors.keys)
        for network in ["actor", "critic1", "critic2", "target_critic1", "target_critic2"] {
            for module in [0, 2, 4] { #expect(names.contains("\(network).\(module).weight") && names.contains("\(network).\(module).bias")) }
        }
        #expect(names.isSuperset(of: ["optimizer.actor.0.weight.exp_avg", "optimizer.critic2.4.bias.exp_avg_sq",
                                      "log_alpha", "optimizer.log_alpha.exp_avg", "observations", "episode_returns"]))
        #expect(!names.contains { $0.hasSuffix(".parameters") })
        // actor.0.weight is [out, in]: element [o, i] is SwiftRL's W[i, o].
        let weight = try #require(tensors.tensors["actor.0.weight"])
        #expect(weight.shape == [16, 3])
        #expect(weight.floats?[5 * 3 + 2] == state.agent.actor.network.parameters[2 * 16 + 5])
    }
}
