import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLCore
import SwiftRLEnvironments
import SwiftRLNN

/// Randomly initialized policies of the shapes the export tests cover.
enum TestPolicies {
    /// SAC-style: output `[μ, log σ]`, action `tanh(μ)`, bounds ±`bound`.
    static func sac(observation: Int = 3, hidden: [Int] = [64, 64], action: Int = 1, bound: Float = 2,
                    seed: UInt64 = 1) -> DeterministicPolicy {
        var generator = RandomGenerator(seed: seed)
        let network = MLP(architecture: .init(inputSize: observation, hiddenSizes: hidden, outputSize: 2 * action),
                          generator: &generator)
        return DeterministicPolicy(network: Sequential(network), squashing: .tanhOfMean,
                                   actionLow: .init(repeating: -bound, count: action),
                                   actionHigh: .init(repeating: bound, count: action))
    }

    /// TD3-style: a tanh output layer, asymmetric bounds.
    static func td3(observation: Int = 11, hidden: [Int] = [17, 5], low: [Float] = [-0.5, 0.25],
                    high: [Float] = [1.5, 3], seed: UInt64 = 2) -> DeterministicPolicy {
        var generator = RandomGenerator(seed: seed)
        let network = MLP(architecture: .init(inputSize: observation, hiddenSizes: hidden, outputSize: low.count,
                                              outputActivation: .tanh),
                          generator: &generator)
        return DeterministicPolicy(network: Sequential(network), squashing: .none, actionLow: low, actionHigh: high)
    }

    /// Every shape the compile tests run, with its C prefix: wide and narrow layers, block and
    /// tail ReLU, tanh hidden layers, inputs above and below 16.
    static let all: [(prefix: String, policy: DeterministicPolicy)] = [
        ("sac_default", sac()),
        ("td3_small", td3()),
        ("sac_wide_input", sac(observation: 37, hidden: [20, 33], action: 3, bound: 0.75, seed: 3)),
        ("td3_default", td3(observation: 17, hidden: [64, 64], low: [-1], high: [1], seed: 4)),
        ("tanh_hidden", DeterministicPolicy(
            network: { var g = RandomGenerator(seed: 5)
                return Sequential(MLP(architecture: .init(inputSize: 5, hiddenSizes: [18], outputSize: 2,
                                                          hiddenActivation: .tanh, outputActivation: .tanh), generator: &g)) }(),
            squashing: .none, actionLow: [-3, 0], actionHigh: [3, 10])),
        ("ppo_discrete", ppo(observation: 4, outputs: 3, squashing: .argmax, low: [], high: [], seed: 6)),
        ("ppo_gaussian", ppo(observation: 3, outputs: 1, squashing: .clip, low: [-2], high: [2], seed: 7)),
        ("ppo_squashed", ppo(observation: 20, outputs: 2, squashing: .tanhOfMean, low: [-1, 0], high: [1, 5], seed: 8)),
        ("ppo_fast_tanh", ppo(observation: 3, outputs: 1, squashing: .clip, low: [-2], high: [2], seed: 9,
                              activation: .fastTanh)),
        ("mixed_activations", mixedActivations()),
    ]

    /// A PPO model's network of dense layers with a different activation each: not an MLP.
    static func mixedActivations() -> DeterministicPolicy {
        var generator = RandomGenerator(seed: 10)
        let network = try! Sequential(layers: [DenseLayer(inputs: 6, outputs: 12, activation: .relu),
                                               DenseLayer(inputs: 12, outputs: 10, activation: .tanh),
                                               DenseLayer(inputs: 10, outputs: 7, activation: .fastTanh),
                                               DenseLayer(inputs: 7, outputs: 2)], generator: &generator)
        return DeterministicPolicy(network: network, squashing: .tanhOfMean, actionLow: [-1.5], actionHigh: [1.5])
    }

    /// Recurrent policies: an LSTM with normalized observations and a discrete head, and a GRU with a
    /// continuous head, each with weights wide enough to drive their gates out of the linear range.
    static let recurrent: [(prefix: String, policy: DeterministicPolicy)] = [
        ("recurrent_lstm", recurrentPolicy(.lstm, observation: 3, hidden: 12, outputs: 2, squashing: .argmax, seed: 21)),
        ("recurrent_gru", recurrentPolicy(.gru, observation: 5, hidden: 20, outputs: 1, squashing: .clip, seed: 22)),
    ]

    static func recurrentPolicy(_ cell: RecurrentCell, observation: Int, hidden: Int, outputs: Int,
                                squashing: DeterministicPolicy.Squashing, seed: UInt64) -> DeterministicPolicy {
        var generator = RandomGenerator(seed: seed)
        let shape = RecurrentShape(cell: cell, inputSize: observation, hiddenSize: hidden)
        let memory = RecurrentLayer(shape: shape, parameters: (0..<shape.parameterCount).map { _ in generator.uniform(-0.7, 0.7) })
        let network = MLP(architecture: .init(inputSize: hidden, hiddenSizes: [16], outputSize: outputs,
                                              hiddenActivation: .relu), generator: &generator)
        let continuous = squashing != .argmax
        let normalization = cell == .lstm ? ObservationNormalization(
            mean: (0..<observation).map { _ in generator.uniform(-1, 1) },
            standardDeviation: (0..<observation).map { _ in generator.uniform(0.1, 3) }, clip: 5) : nil
        return DeterministicPolicy(network: Sequential(network), squashing: squashing, actionLow: continuous ? [-2] : [],
                                   actionHigh: continuous ? [2] : [], observationNormalization: normalization, memory: memory)
    }

    /// PPO-style: tanh hidden layers, a linear head of `outputs` values turned into the action by
    /// `squashing`, and observation normalization.
    static func ppo(observation: Int, outputs: Int, squashing: DeterministicPolicy.Squashing, low: [Float],
                    high: [Float], seed: UInt64, activation: Activation = .tanh) -> DeterministicPolicy {
        var generator = RandomGenerator(seed: seed)
        let network = MLP(architecture: .init(inputSize: observation, hiddenSizes: [32, 32], outputSize: outputs,
                                              hiddenActivation: activation), generator: &generator)
        let normalization = ObservationNormalization(
            mean: (0..<observation).map { _ in generator.uniform(-1, 1) },
            standardDeviation: (0..<observation).map { _ in generator.uniform(0.1, 3) }, clip: 5)
        return DeterministicPolicy(network: Sequential(network), squashing: squashing, actionLow: low, actionHigh: high,
                                   observationNormalization: normalization)
    }

    /// PPO after 4,096 steps on CartPole-v1 with normalized observations (seed 3).
    static let trainedPPO: DeterministicPolicy = {
        var configuration = PPOConfiguration()
        configuration.steps = 4096
        configuration.numEnvs = 4
        configuration.stepsPerEnv = 256
        configuration.epochs = 2
        configuration.normalizeObservations = true
        configuration.evaluation = EvaluationConfiguration(interval: 0, episodes: 1)
        let state = try! PPO(environment: "CartPole-v1", configuration: configuration).makeState(seed: 3)
        while try! !state.step() {}
        return state.policy
    }()

    /// SAC after 300 steps on Pendulum-v1 with [16, 16] networks (seed 3).
    static let trainedSAC: DeterministicPolicy = {
        var configuration = SACConfiguration()
        configuration.steps = 300
        configuration.batchSize = 32
        configuration.actor = NetworkConfiguration(hiddenSizes: [16, 16])
        configuration.critic = NetworkConfiguration(hiddenSizes: [16, 16])
        configuration.evaluation = EvaluationConfiguration(interval: 0, episodes: 1)
        let state = try! SAC(environment: EnvironmentRegistry.make("Pendulum-v1"), configuration: configuration)
            .makeState(seed: 3)
        while try! !state.step() {}
        return state.policy
    }()

    /// Metadata for tests.
    static let metadata = ExportMetadata(algorithm: "SAC", environment: "Pendulum-v1", seed: 7, steps: 300,
                                         evaluationReturn: -1234.5)

    /// `count` observations in [-scale, scale], seeded.
    static func observations(dimension: Int, count: Int, scale: Float = 3, seed: UInt64 = 11) -> [[Float]] {
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in (0..<dimension).map { _ in generator.uniform(-scale, scale) } }
    }

    /// The header of `policy` with the test metadata.
    static func header(_ policy: DeterministicPolicy, prefix: String = "swiftrl_policy") throws -> String {
        try CHeaderExporter(prefix: prefix, metadata: metadata).header(for: policy)
    }
}
