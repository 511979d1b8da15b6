import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import Testing

@Suite struct PolicyLoadingTests {
    @Test(arguments: [false, true])
    func loadedPolicyActsAsTheRunsPolicy(td3: Bool) throws {
        try withTemporaryDirectory { directory in
            let state: any SnapshottingSession = td3 ? try Runs.td3State() : try Runs.sacState()
            try state.run(to: 150)
            let url = directory.appendingPathComponent("checkpoint")
            try Checkpoint(session: state).write(to: url)
            let policy = try Checkpoint.loadPolicy(from: url)
            #expect(policy == state.policy)
            let observation: [Float] = [0.3, -0.8, 1.5]
            #expect(try policy.action(for: observation).map(\.bitPattern) == state.action(for: observation).map(\.bitPattern))
        }
    }

    @Test func policyFromCheckpointCarriesWhatWasTrained() throws {
        try withTemporaryDirectory { directory in
            let state = try Runs.sacState()
            try state.run(to: 150)
            let url = directory.appendingPathComponent("checkpoint")
            try Checkpoint(session: state).write(to: url)
            let policy = try Policy(checkpointAt: url)
            #expect(policy.deterministicPolicy == state.policy)
            #expect(policy.metadata?.algorithm == "SAC")
            #expect(policy.metadata?.environment == "Pendulum-v1")
            #expect(policy.metadata?.steps == 150)
            let observation: [Float] = [-0.2, 0.9, -3]
            #expect(try policy.evaluate(observation).map(\.bitPattern) == state.action(for: observation).map(\.bitPattern))
            #expect(throws: CheckpointError.self) { try Policy(checkpointAt: directory.appendingPathComponent("missing")) }
        }
    }
}
