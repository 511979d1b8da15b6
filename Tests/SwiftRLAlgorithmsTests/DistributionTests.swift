import Foundation
import SwiftRLCore
import Testing
@testable import SwiftRLAlgorithms

/// Action distributions and GAE against `scripts/reference/ppo_reference.py` (float64, gradients
/// by finite differences).
@Suite struct DistributionTests {
    @Test(arguments: PPOGoldenValues.categorical.indices)
    func categoricalMatchesTheReference(index: Int) {
        let c = PPOGoldenValues.categorical[index]
        let distribution = CategoricalDistribution(actionCount: c.logits.count)
        let action: [Float] = [Float(c.action)], weight = [c.weight]
        var logProbability: [Float] = [0], entropy: [Float] = [0]
        var gradient = [Float](repeating: 0, count: c.logits.count), noFree: [Float] = [0]
        c.logits.withUnsafeBufferPointer { logits in
            noFree.withUnsafeMutableBufferPointer { free in
                let parameters = DistributionParameters(outputs: logits.baseAddress!, free: free.baseAddress!)
                distribution.logProbabilities(parameters, actions: action, rows: 1, into: &logProbability)
                distribution.entropies(parameters, rows: 1, into: &entropy)
                distribution.backward(parameters, actions: action, rows: 1, logProbabilityWeights: weight,
                                      entropyWeight: c.entropyWeight, outputGradients: &gradient,
                                      freeGradients: free.baseAddress!)
            }
        }
        expectClose(logProbability[0], c.logProbability, within: .float32, "log π")
        expectClose(entropy[0], c.entropy, within: .float32, "entropy")
        for (actual, expected) in zip(gradient, c.gradient) { expectClose(actual, expected, within: .gradient, "∂/∂z") }
    }

    @Test func gaussiansMatchTheReference() {
        let rows = PPOGoldenValues.gaussian
        let means = rows.flatMap(\.mean), values = rows.flatMap(\.value), weights = rows.map(\.weight)
        let logStd = PPOGoldenValues.gaussianLogStd
        let gaussian = GaussianDistribution(dimensions: 2), squashed = SquashedGaussianDistribution(dimensions: 2)
        var logDensities = [Float](repeating: 0, count: rows.count), squashedLogProbabilities = logDensities
        var entropies = logDensities, meanGradients = [Float](repeating: 0, count: means.count)
        var logStdGradients: [Float] = [0, 0], squashedMeanGradients = meanGradients, squashedLogStdGradients = logStdGradients
        means.withUnsafeBufferPointer { means in
            logStd.withUnsafeBufferPointer { logStd in
                let parameters = DistributionParameters(outputs: means.baseAddress!, free: logStd.baseAddress!)
                gaussian.logProbabilities(parameters, actions: values, rows: rows.count, into: &logDensities)
                squashed.logProbabilities(parameters, actions: values, rows: rows.count, into: &squashedLogProbabilities)
                gaussian.entropies(parameters, rows: rows.count, into: &entropies)
                gaussian.backward(parameters, actions: values, rows: rows.count, logProbabilityWeights: weights,
                                  entropyWeight: PPOGoldenValues.gaussianEntropyWeight, outputGradients: &meanGradients,
                                  freeGradients: &logStdGradients)
                squashed.backward(parameters, actions: values, rows: rows.count, logProbabilityWeights: weights,
                                  entropyWeight: PPOGoldenValues.gaussianEntropyWeight,
                                  outputGradients: &squashedMeanGradients, freeGradients: &squashedLogStdGradients)
            }
        }
        for (row, expected) in rows.enumerated() {
            expectClose(logDensities[row], expected.logDensity, within: .float32, "log N, row \(row)")
            expectClose(squashedLogProbabilities[row], expected.squashedLogProbability, within: .float32, "log π(tanh u)")
            expectClose(entropies[row], PPOGoldenValues.gaussianEntropy, within: .float32, "entropy")
            for i in 0..<2 {
                expectClose(meanGradients[row * 2 + i], expected.meanGradient[i], within: .gradient, "∂/∂μ")
            }
        }
        for i in 0..<2 {
            expectClose(logStdGradients[i], PPOGoldenValues.gaussianLogStdGradient[i], within: .gradient, "∂/∂s")
        }
        #expect(squashedMeanGradients == meanGradients && squashedLogStdGradients == logStdGradients)
    }

    @Test func generalizedAdvantageEstimationMatchesTheReference() {
        var advantages = [Float](repeating: 0, count: 10), returns = advantages
        GeneralizedAdvantageEstimation.compute(
            steps: 5, environments: 2, gamma: PPOGoldenValues.gaeGamma, lambda: PPOGoldenValues.gaeLambda,
            rewards: PPOGoldenValues.gaeRewards, values: PPOGoldenValues.gaeValues,
            lastValues: PPOGoldenValues.gaeLastValues, episodeEnded: PPOGoldenValues.gaeEpisodeEnded,
            advantages: &advantages, returns: &returns)
        for index in 0..<10 {
            expectClose(advantages[index], PPOGoldenValues.gaeAdvantages[index], within: .float32, "advantage \(index)")
            expectClose(returns[index], PPOGoldenValues.gaeReturns[index], within: .float32, "return \(index)")
        }
    }

    /// Sampled actions follow the distribution: the empirical frequencies of a categorical and the
    /// moments of a Gaussian are within a few standard errors of their values, and each sample's
    /// log-probability is the one `logProbabilities` gives.
    @Test func samplesFollowTheDistributionAndCarryTheirLogProbability() {
        var generator = RandomGenerator(seed: 3)
        let rows = 20_000
        let logits: [Float] = (0..<rows).flatMap { _ -> [Float] in [0, 1, -1] }
        let categorical = CategoricalDistribution(actionCount: 3)
        var actions = [Float](repeating: 0, count: rows), logProbabilities = actions, recomputed = actions
        let noFree: [Float] = [0]
        logits.withUnsafeBufferPointer { logits in
            noFree.withUnsafeBufferPointer { free in
                let parameters = DistributionParameters(outputs: logits.baseAddress!, free: free.baseAddress!)
                categorical.sample(parameters, rows: rows, actions: &actions, logProbabilities: &logProbabilities,
                                   generator: &generator)
                categorical.logProbabilities(parameters, actions: actions, rows: rows, into: &recomputed)
            }
        }
        #expect(logProbabilities == recomputed)
        let total = exp(0.0) + exp(1.0) + exp(-1.0)
        for (action, weight) in [(0, exp(0.0)), (1, exp(1.0)), (2, exp(-1.0))] {
            let p = weight / total, frequency = Double(actions.filter { $0 == Float(action) }.count) / Double(rows)
            #expect(abs(frequency - p) < 4 * (p * (1 - p) / Double(rows)).squareRoot(), "action \(action)")
        }

        let means = [Float](repeating: 0.5, count: rows), logStd: [Float] = [-1]
        let gaussian = GaussianDistribution(dimensions: 1)
        means.withUnsafeBufferPointer { means in
            logStd.withUnsafeBufferPointer { free in
                let parameters = DistributionParameters(outputs: means.baseAddress!, free: free.baseAddress!)
                gaussian.sample(parameters, rows: rows, actions: &actions, logProbabilities: &logProbabilities,
                                generator: &generator)
                gaussian.logProbabilities(parameters, actions: actions, rows: rows, into: &recomputed)
            }
        }
        #expect(logProbabilities == recomputed)
        let mean = actions.reduce(0.0) { $0 + Double($1) } / Double(rows)
        let variance = actions.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(rows)
        let sigma = exp(-1.0)
        #expect(abs(mean - 0.5) < 4 * sigma / Double(rows).squareRoot())
        #expect(abs(variance.squareRoot() - sigma) < 0.02 * sigma)
    }

    @Test func modesAndEnvironmentActions() {
        let logits: [Float] = [0.1, 3, 3, -2], noFree: [Float] = [0]
        var mode: [Float] = [0]
        logits.withUnsafeBufferPointer { logits in
            noFree.withUnsafeBufferPointer { free in
                CategoricalDistribution(actionCount: 4).modes(
                    DistributionParameters(outputs: logits.baseAddress!, free: free.baseAddress!), rows: 1, into: &mode)
            }
        }
        #expect(mode == [1])
        var action: [Float] = [0, 0]
        GaussianDistribution(dimensions: 2).environmentAction(fromSample: [-3, 0.25], into: &action)
        #expect(action == [-1, 0.25])
        SquashedGaussianDistribution(dimensions: 2).environmentAction(fromSample: [0, 20], into: &action)
        #expect(action[0] == 0 && action[1] == 1)
    }

    @Test("a whole rollout's actions are checked in one call, naming the first impossible one")
    func firstInvalidActionIsFound() {
        let categorical = CategoricalDistribution(actionCount: 3)
        #expect(categorical.firstInvalidAction([0, 2, 1, 0], rows: 4) == nil)
        #expect(categorical.firstInvalidAction([0, 2, 1.5, 3], rows: 4) == 2)
        #expect(categorical.firstInvalidAction([0, 1, 3, -1], rows: 4) == 2)
        #expect(categorical.firstInvalidAction([0, 1, 2, -1], rows: 4) == 3)
        for distribution in [GaussianDistribution(dimensions: 2) as any ActionDistribution,
                             SquashedGaussianDistribution(dimensions: 2)] {
            var actions = [Float](repeating: 0.5, count: 2 * 40)
            #expect(distribution.firstInvalidAction(actions, rows: 40) == nil)
            actions[2 * 31 + 1] = .infinity
            actions[2 * 35] = .nan
            #expect(distribution.firstInvalidAction(actions, rows: 40) == 31)
            #expect(distribution.firstInvalidAction(actions, rows: 31) == nil)
        }
        // A distribution that only says which single action is valid gets the row-by-row default.
        let evenOnly = EvenActionsOnly()
        #expect(evenOnly.firstInvalidAction([0, 2, 4, 5, 7], rows: 5) == 3)
        #expect(evenOnly.firstInvalidAction([0, 2, 4], rows: 3) == nil)
    }
}

/// A categorical distribution that refuses odd actions: exercises ``ActionDistribution``'s default
/// `firstInvalidAction`, which asks ``ActionDistribution/isValidAction(_:)`` row by row.
private struct EvenActionsOnly: ActionDistribution {
    private let categorical = CategoricalDistribution(actionCount: 8)
    var name: String { "even_only" }
    var actionDimension: Int { 1 }
    var inputDimension: Int { 8 }
    var freeParameterCount: Int { 0 }
    func initialFreeParameters() -> [Float] { [] }
    var noisePerSample: Int { categorical.noisePerSample }
    func drawNoise(rows: Int, into noise: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        categorical.drawNoise(rows: rows, into: noise, generator: &generator)
    }
    func sample(_ parameters: DistributionParameters, rows: Int, noise: UnsafePointer<Float>,
                actions: UnsafeMutablePointer<Float>, logProbabilities: UnsafeMutablePointer<Float>) {
        categorical.sample(parameters, rows: rows, noise: noise, actions: actions, logProbabilities: logProbabilities)
    }
    func logProbabilities(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                          into logProbabilities: UnsafeMutablePointer<Float>) {
        categorical.logProbabilities(parameters, actions: actions, rows: rows, into: logProbabilities)
    }
    func entropies(_ parameters: DistributionParameters, rows: Int, into entropies: UnsafeMutablePointer<Float>) {
        categorical.entropies(parameters, rows: rows, into: entropies)
    }
    func modes(_ parameters: DistributionParameters, rows: Int, into actions: UnsafeMutablePointer<Float>) {
        categorical.modes(parameters, rows: rows, into: actions)
    }
    func environmentAction(fromSample sample: UnsafePointer<Float>, into action: UnsafeMutablePointer<Float>) {
        action[0] = sample[0]
    }
    func backward(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                  logProbabilityWeights: UnsafePointer<Float>, entropyWeight: Float,
                  outputGradients: UnsafeMutablePointer<Float>, freeGradients: UnsafeMutablePointer<Float>) {
        categorical.backward(parameters, actions: actions, rows: rows, logProbabilityWeights: logProbabilityWeights,
                             entropyWeight: entropyWeight, outputGradients: outputGradients, freeGradients: freeGradients)
    }
    var deterministicHead: DeterministicPolicy.Squashing { .argmax }
    func isValidAction(_ action: UnsafePointer<Float>) -> Bool {
        categorical.isValidAction(action) && Int(action[0]) % 2 == 0
    }
}
