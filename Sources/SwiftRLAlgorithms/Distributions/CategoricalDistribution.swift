import SwiftRLCore
import SwiftRLKernels

/// A categorical distribution over `actionCount` actions, parameterized by unnormalized logits
/// (PyTorch's `Categorical(logits=...)`).
///
/// log π(a) = zₐ − (max z + log Σⱼ e^(zⱼ − max z)); sampling draws u in [0, 1) and takes the first
/// action whose cumulative probability exceeds u. The math runs in `swiftrl_categorical`, with
/// SwiftRL's own exp and log: the same bits on every CPU and kernel variant.
public struct CategoricalDistribution: ActionDistribution {
    /// The number of actions.
    public let actionCount: Int

    /// A distribution over actions `0..<actionCount` (at least 1).
    public init(actionCount: Int) {
        precondition(actionCount >= 1, "a categorical distribution needs at least one action, got \(actionCount)")
        self.actionCount = actionCount
    }

    public var name: String { "categorical" }
    public var actionDimension: Int { 1 }
    public var inputDimension: Int { actionCount }
    public var freeParameterCount: Int { 0 }
    public func initialFreeParameters() -> [Float] { [] }
    public var deterministicHead: DeterministicPolicy.Squashing { .argmax }

    /// Runs the kernel over `rows` rows of logits with the outputs given.
    private func run(_ logits: UnsafePointer<Float>, rows: Int, actions: UnsafePointer<Float>? = nil,
                     logProbabilities: UnsafeMutablePointer<Float>? = nil, entropies: UnsafeMutablePointer<Float>? = nil,
                     probabilities: UnsafeMutablePointer<Float>? = nil, weights: UnsafePointer<Float>? = nil,
                     entropyWeight: Float = 0, gradients: UnsafeMutablePointer<Float>? = nil) {
        var arguments = swiftrl_categorical_arguments(
            rows: Int32(rows), columns: Int32(actionCount), logits: logits, actions: actions,
            log_probabilities: logProbabilities, entropies: entropies, probabilities: probabilities,
            weights: weights, entropy_weight: entropyWeight, gradients: gradients)
        swiftrl_categorical(&arguments)
    }

    public var noisePerSample: Int { 1 }

    /// One uniform in [0, 1) per row.
    public func drawNoise(rows: Int, into noise: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        for row in 0..<rows { noise[row] = generator.uniform() }
    }

    public func sample(_ parameters: DistributionParameters, rows: Int, noise: UnsafePointer<Float>,
                       actions: UnsafeMutablePointer<Float>, logProbabilities: UnsafeMutablePointer<Float>) {
        let count = actionCount
        withUnsafeTemporaryAllocation(of: Float.self, capacity: rows * count) { probabilities in
            let probabilities = probabilities.baseAddress!
            run(parameters.outputs, rows: rows, probabilities: probabilities)
            for row in 0..<rows {
                let threshold = noise[row]
                var cumulative: Float = 0
                var chosen = count - 1
                for j in 0..<count {
                    cumulative += probabilities[row * count + j]
                    if threshold < cumulative {
                        chosen = j
                        break
                    }
                }
                actions[row] = Float(chosen)
            }
        }
        run(parameters.outputs, rows: rows, actions: actions, logProbabilities: logProbabilities)
    }

    public func logProbabilities(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                                 into logProbabilities: UnsafeMutablePointer<Float>) {
        run(parameters.outputs, rows: rows, actions: actions, logProbabilities: logProbabilities)
    }

    public func entropies(_ parameters: DistributionParameters, rows: Int, into entropies: UnsafeMutablePointer<Float>) {
        run(parameters.outputs, rows: rows, entropies: entropies)
    }

    public func modes(_ parameters: DistributionParameters, rows: Int, into actions: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let logits = parameters.outputs + row * actionCount
            var best = 0
            for j in 1..<actionCount where logits[j] > logits[best] { best = j }
            actions[row] = Float(best)
        }
    }

    /// An index in `0..<actionCount`.
    public func isValidAction(_ action: UnsafePointer<Float>) -> Bool {
        action[0] >= 0 && action[0] < Float(actionCount) && action[0].rounded(.towardZero) == action[0]
    }

    public func firstInvalidAction(_ actions: UnsafePointer<Float>, rows: Int) -> Int? {
        (0..<rows).first { !isValidAction(actions + $0) }
    }

    public func environmentAction(fromSample sample: UnsafePointer<Float>, into action: UnsafeMutablePointer<Float>) {
        action[0] = sample[0]
    }

    /// ∂log π(a)/∂zⱼ = [j = a] − pⱼ and ∂H/∂zⱼ = −pⱼ (log pⱼ + H).
    public func backward(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                         logProbabilityWeights: UnsafePointer<Float>, entropyWeight: Float,
                         outputGradients: UnsafeMutablePointer<Float>, freeGradients: UnsafeMutablePointer<Float>) {
        run(parameters.outputs, rows: rows, actions: actions, weights: logProbabilityWeights,
            entropyWeight: entropyWeight, gradients: outputGradients)
    }
}
