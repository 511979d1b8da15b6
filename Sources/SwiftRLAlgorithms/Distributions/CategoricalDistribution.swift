import SwiftRLCore
import SwiftRLKernels

/// A categorical distribution over `actionCount` actions, parameterized by unnormalized logits
/// (PyTorch's `Categorical(logits=...)`).
///
/// π(a) = softmax(z)ₐ, computed with the largest logit subtracted first; sampling draws u in [0, 1)
/// and takes the first action whose cumulative weight exceeds u·Σ. exp and log are SwiftRL's own
/// (`SwiftRLKernels`), so results are the same bits on every CPU.
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

    /// The row's largest logit and log Σ exp(z − max).
    private func normalizer(_ logits: UnsafePointer<Float>) -> (maximum: Float, logSum: Float) {
        var maximum = logits[0]
        for j in 1..<actionCount where logits[j] > maximum { maximum = logits[j] }
        var sum: Float = 0
        for j in 0..<actionCount { sum += swiftrl_exp_float(logits[j] - maximum) }
        return (maximum, swiftrl_log_float(sum))
    }

    public func sample(_ parameters: DistributionParameters, rows: Int, actions: UnsafeMutablePointer<Float>,
                       logProbabilities: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        for row in 0..<rows {
            let logits = parameters.outputs + row * actionCount
            let (maximum, logSum) = normalizer(logits)
            let threshold = generator.uniform()
            var cumulative: Float = 0
            var chosen = actionCount - 1
            for j in 0..<actionCount {
                cumulative += swiftrl_exp_float(logits[j] - maximum - logSum)
                if threshold < cumulative { chosen = j; break }
            }
            actions[row] = Float(chosen)
            logProbabilities[row] = logits[chosen] - maximum - logSum
        }
    }

    public func logProbabilities(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                                 into logProbabilities: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let logits = parameters.outputs + row * actionCount
            let (maximum, logSum) = normalizer(logits)
            logProbabilities[row] = logits[Int(actions[row])] - maximum - logSum
        }
    }

    public func entropies(_ parameters: DistributionParameters, rows: Int, into entropies: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let logits = parameters.outputs + row * actionCount
            let (maximum, logSum) = normalizer(logits)
            var entropy: Float = 0
            for j in 0..<actionCount {
                let logProbability = logits[j] - maximum - logSum
                entropy -= swiftrl_exp_float(logProbability) * logProbability
            }
            entropies[row] = entropy
        }
    }

    public func modes(_ parameters: DistributionParameters, rows: Int, into actions: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let logits = parameters.outputs + row * actionCount
            var best = 0
            for j in 1..<actionCount where logits[j] > logits[best] { best = j }
            actions[row] = Float(best)
        }
    }

    public func environmentAction(fromSample sample: UnsafePointer<Float>, into action: UnsafeMutablePointer<Float>) {
        action[0] = sample[0]
    }

    /// ∂log π(a)/∂zⱼ = [j = a] − pⱼ and ∂H/∂zⱼ = −pⱼ (log pⱼ + H).
    public func backward(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                         logProbabilityWeights: UnsafePointer<Float>, entropyWeight: Float,
                         outputGradients: UnsafeMutablePointer<Float>, freeGradients: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let logits = parameters.outputs + row * actionCount
            let gradients = outputGradients + row * actionCount
            let (maximum, logSum) = normalizer(logits)
            var entropy: Float = 0
            for j in 0..<actionCount {
                let logProbability = logits[j] - maximum - logSum
                let probability = swiftrl_exp_float(logProbability)
                gradients[j] = probability     // kept for the second pass
                entropy -= probability * logProbability
            }
            let weight = logProbabilityWeights[row], action = Int(actions[row])
            for j in 0..<actionCount {
                let probability = gradients[j]
                let logProbability = logits[j] - maximum - logSum
                let logProbabilityGradient = (j == action ? 1 : 0) - probability
                gradients[j] = weight * logProbabilityGradient - entropyWeight * probability * (logProbability + entropy)
            }
        }
    }
}
