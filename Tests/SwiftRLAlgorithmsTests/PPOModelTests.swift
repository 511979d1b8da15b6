import Foundation
import SwiftRLCore
import SwiftRLNN
import Testing
@testable import SwiftRLAlgorithms

/// PPO with an actor and critic of the user's own layers (``PPOModel``).
@Suite("PPO models of one's own layers", .serialized)
struct PPOModelTests {
    /// CartPole's actor and critic with a Swish layer of the test's own between dense layers.
    static let swishModel = PPOModel(
        actor: [DenseLayer(inputs: 4, outputs: 64, activation: .tanh), Swish(width: 64), DenseLayer(inputs: 64, outputs: 2)],
        critic: [DenseLayer(inputs: 4, outputs: 64, activation: .tanh), Swish(width: 64), DenseLayer(inputs: 64, outputs: 1)])

    /// CartPole's networks as the configuration's defaults shape them ([64, 64], tanh), the second
    /// hidden layer with `secondActivation`.
    static func denseModel(secondActivation: Activation) -> PPOModel {
        let layers = { (outputs: Int) in
            [DenseLayer(inputs: 4, outputs: 64, activation: .tanh), DenseLayer(inputs: 64, outputs: 64, activation: secondActivation),
             DenseLayer(inputs: 64, outputs: outputs)] as [any Layer]
        }
        return PPOModel(actor: layers(2), critic: layers(1))
    }

    private func run(_ configuration: PPOConfiguration, model: PPOModel?, threads: Int = 1) throws -> PPOTrainingState {
        let state = try PPO(environment: "CartPole-v1", configuration: configuration, model: model)
            .makeState(seed: 1, pool: ThreadPool(threadCount: threads))
        while try !state.step() {}
        return state
    }

    private func bits(_ state: PPOTrainingState) -> [UInt32] {
        (state.learner.parameters.actor + state.learner.critic.network.parameters).map(\.bitPattern)
    }

    @Test("PPO learns CartPole-v1 with a Swish layer of its own in both networks")
    func learnsWithAModelOfItsOwn() throws {
        var configuration = PPOTests.cartPole
        configuration.steps = 60_000
        let state = try PPO(environment: "CartPole-v1", configuration: configuration, model: Self.swishModel).makeState(seed: 1)
        let before = try state.evaluate(episodes: 10).returnMean
        while try !state.step() {}
        let after = try state.evaluate(episodes: 10).returnMean
        #expect(after >= 400, "mean return \(after) after training, \(before) before")
        let betas = state.learner.parameters.actor[(5 * 64)..<(6 * 64)]
        #expect(betas.contains { $0 != 1 }, "the Swish slopes learned")
        #expect(state.policy.network.layers[1] is Swish)
    }

    @Test("the configuration's MLPs given as a model of dense layers train to the same bits")
    func denseModelEqualsTheConfiguredNetworks() throws {
        let configuration = PPOTests.small()
        let model = Self.denseModel(secondActivation: .tanh)
        #expect(configuration.actor.hiddenSizes == [64, 64] && configuration.actor.activation == .tanh)
        #expect(bits(try run(configuration, model: model)) == bits(try run(configuration, model: nil)))
    }

    @Test("a model of one's own layers gives the same bits on 1 and 2 threads, and resumes bit for bit")
    func determinismAndResume() throws {
        var configuration = PPOTests.small(steps: 2048)
        configuration.normalizeObservations = true
        let one = try run(configuration, model: Self.swishModel, threads: 1)
        #expect(bits(one) == bits(try run(configuration, model: Self.swishModel, threads: 2)))

        let ppo = PPO(environment: "CartPole-v1", configuration: configuration, model: Self.swishModel)
        let first = try ppo.makeState(seed: 1, pool: ThreadPool(threadCount: 1))
        for _ in 0..<3 { try first.step() }
        let snapshot = try first.snapshot()
        let resumed = try ppo.makeState(seed: 1, pool: ThreadPool(threadCount: 2))
        try resumed.restore(snapshot)
        while try !resumed.step() {}
        #expect(bits(resumed) == bits(one))
    }

    @Test("a snapshot of the configuration's MLPs does not restore into a model of other layers with as many parameters")
    func snapshotsOfAnotherKindOfNetworkAreRefused() throws {
        let configuration = PPOTests.small()
        let mixed = Self.denseModel(secondActivation: .relu)
        let snapshot = try PPO(environment: "CartPole-v1", configuration: configuration).makeState(seed: 1).snapshot()
        let state = try PPO(environment: "CartPole-v1", configuration: configuration, model: mixed).makeState(seed: 1)
        #expect(state.learner.actor.network.parameterCount == snapshot.agent.optimized["actor"]?.parameters.count)
        #expect(throws: SnapshotError.self) { try state.restore(snapshot) }
    }

    @Test("a model that does not fit the observations, the distribution or PPO's stateless networks is one clear error")
    func misfitModelsAreRefused() throws {
        let dense = { (inputs: Int, outputs: Int) in DenseLayer(inputs: inputs, outputs: outputs) }
        let cases: [(PPOModel, String)] = [
            (PPOModel(actor: [dense(3, 2)], critic: [dense(4, 1)]), "the actor model maps 3 inputs to 2 outputs; PPO needs 4 to 2"),
            (PPOModel(actor: [dense(4, 3)], critic: [dense(4, 1)]), "the actor model maps 4 inputs to 3 outputs; PPO needs 4 to 2"),
            (PPOModel(actor: [dense(4, 2)], critic: [dense(4, 2)]), "the critic model maps 4 inputs to 2 outputs; PPO needs 4 to 1"),
            (PPOModel(actor: [dense(4, 8), dense(9, 2)], critic: [dense(4, 1)]),
             "the actor model: layer 1 takes 9 inputs, but layer 0 gives 8 outputs"),
            (PPOModel(actor: [RecurrentShape(cell: .gru, inputSize: 4, hiddenSize: 8), dense(8, 2)], critic: [dense(4, 1)]),
             "the actor model keeps a recurrent state; set the configuration's recurrent layer instead"),
        ]
        for (model, message) in cases {
            #expect { try PPO(environment: "CartPole-v1", configuration: PPOTests.small(), model: model).makeState(seed: 1) }
                throws: { ($0 as? NetworkShapeError)?.description == message }
        }
    }

    @Test("the policy of a model saves its built-in layers as a Sequential, and refuses to save a layer of its own")
    func policyOfAModel() throws {
        var configuration = PPOTests.small()
        configuration.recurrent = .gru
        configuration.seqLen = 4
        let mixed = PPOModel(actor: [DenseLayer(inputs: 64, outputs: 16, activation: .relu), DenseLayer(inputs: 16, outputs: 2, activation: .tanh),
                                     DenseLayer(inputs: 2, outputs: 2)],
                             critic: [DenseLayer(inputs: 64, outputs: 1)])
        let state = try run(configuration, model: mixed)
        let policy = state.policy
        #expect(policy.network.denseArchitecture == nil && policy.memory != nil)
        let json = try JSONEncoder().encode(policy)
        #expect(String(decoding: json, as: UTF8.self).contains("\"kind\":\"dense\""))
        let decoded = try JSONDecoder().decode(DeterministicPolicy.self, from: json)
        #expect(decoded == policy)
        var state1 = policy.initialState, state2 = decoded.initialState
        for observation in [[Float](repeating: 0.1, count: 4), [0.3, -0.2, 0.05, 0.4]] {
            #expect(try policy.action(for: observation, state: &state1) == decoded.action(for: observation, state: &state2))
        }

        let swish = try run(PPOTests.small(), model: Self.swishModel).policy
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(swish) }
        var changed = swish
        changed.network.parameters[0] += 1
        #expect(swish == swish && swish != changed)
        #expect(try swish.action(for: [0.1, 0.2, 0.3, 0.4]).count == 1)
    }
}
