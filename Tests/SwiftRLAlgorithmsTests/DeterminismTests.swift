import SwiftRLCore
import Testing

import SwiftRLAlgorithms

/// A run is a function of its seed: same seed, same bits, whatever the thread count and kernel variant.
@Suite("Determinism")
struct DeterminismTests {
    /// What must be identical between two runs.
    struct Outcome: Equatable {
        var parameters: [UInt32]
        var policy: DeterministicPolicy
        var episodeReturns: [UInt64]
        var latestUpdate: UpdateMetrics?
        var replayCount: Int

        init<Agent>(_ state: OffPolicyTrainingState<Agent>) {
            parameters = bits(state.policy.network.parameters)
            policy = state.policy
            episodeReturns = bits(state.episodeReturns)
            latestUpdate = state.latestUpdate
            replayCount = state.replayBuffer.count
        }
    }

    static func sac(seed: UInt64, threads: Int = 1) throws -> Outcome {
        let state = try SAC(environment: pendulum(), configuration: SmallConfiguration.sac())
            .makeState(seed: seed, pool: ThreadPool(threadCount: threads))
        try state.runToEnd()
        return Outcome(state)
    }

    static func td3(seed: UInt64, threads: Int = 1) throws -> Outcome {
        let state = try TD3(environment: pendulum(), configuration: SmallConfiguration.td3())
            .makeState(seed: seed, pool: ThreadPool(threadCount: threads))
        try state.runToEnd()
        return Outcome(state)
    }

    @Test("SAC: the same seed gives bit-identical runs, another seed a different one")
    func sacSeed() throws {
        let first = try Self.sac(seed: 3), second = try Self.sac(seed: 3)
        #expect(first.latestUpdate != nil)
        #expect(first.episodeReturns.count == 5)
        #expect(first == second)
        #expect(try Self.sac(seed: 4).parameters != first.parameters)
    }

    @Test("TD3: the same seed gives bit-identical runs, another seed a different one")
    func td3Seed() throws {
        let first = try Self.td3(seed: 3), second = try Self.td3(seed: 3)
        #expect(first.latestUpdate != nil)
        #expect(first.episodeReturns.count == 5)
        #expect(first == second)
        #expect(try Self.td3(seed: 4).parameters != first.parameters)
    }

    @Test("2, 3 and 8 threads give the same bits as one", arguments: [2, 3, 8])
    func threadCounts(threads: Int) throws {
        #expect(try Self.sac(seed: 5, threads: threads) == Self.sac(seed: 5))
        #expect(try Self.td3(seed: 5, threads: threads) == Self.td3(seed: 5))
    }

    /// The variants this CPU can run.
    static let variants = KernelVariant.allCases.filter { $0.rawValue <= KernelVariant.supported.rawValue }

    @Test("Every kernel variant trains the same bits (small networks, 1,000 steps)")
    func variantsSmall() throws {
        let reference = try KernelVariant.portable.withOverride { try (Self.sac(seed: 7), Self.td3(seed: 7)) }
        for variant in Self.variants {
            let outcome = try variant.withOverride { try (Self.sac(seed: 7), Self.td3(seed: 7)) }
            #expect(outcome.0 == reference.0, "SAC, \(variant)")
            #expect(outcome.1 == reference.1, "TD3, \(variant)")
        }
    }

    @Test("Every kernel variant trains the same bits (default networks and batch, 300 steps)")
    func variantsDefault() throws {
        func run(_ variant: KernelVariant) throws -> (Outcome, Outcome) {
            try variant.withOverride {
                #expect(KernelVariant.active == variant)
                var sac = SACConfiguration(), td3 = TD3Configuration()
                sac.steps = 300
                td3.steps = 300
                sac.evaluation.interval = 0
                td3.evaluation.interval = 0
                let sacState = try SAC(environment: pendulum(), configuration: sac).makeState(seed: 2, pool: ThreadPool(threadCount: 2))
                let td3State = try TD3(environment: pendulum(), configuration: td3).makeState(seed: 2, pool: ThreadPool(threadCount: 2))
                try sacState.runToEnd()
                try td3State.runToEnd()
                return (Outcome(sacState), Outcome(td3State))
            }
        }
        let reference = try run(.portable)
        for variant in Self.variants.dropFirst() {
            let outcome = try run(variant)
            #expect(outcome.0 == reference.0, "SAC, \(variant)")
            #expect(outcome.1 == reference.1, "TD3, \(variant)")
        }
    }
}
