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
