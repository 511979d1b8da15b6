import Foundation
import Testing

import SwiftRLCore
import SwiftRLNN

/// End-to-end training: forward, backward and Adam together.
@Suite("TrainableMLP")
struct TrainableMLPTests {
    /// y = sin(x) on 64 evenly spaced points of [−π, π], inputs scaled to [−1, 1].
    static let pointCount = 64
    static let inputs: [Float] = (0..<pointCount).map { -1 + 2 * Float($0) / Float(pointCount - 1) }
    static let targets: [Float] = inputs.map { Float(Foundation.sin(Double.pi * Double($0))) }

    static let architecture = MLPArchitecture(
        inputSize: 1, hiddenSizes: [32, 32], outputSize: 1, hiddenActivation: .tanh, outputActivation: .identity)

    /// Trains for `steps` full-batch Adam steps on the mean squared error; returns the network and
    /// the MSE before and after training.
    static func fitSine(
        seed: UInt64, steps: Int, maximumGradientNorm: Float? = nil
    ) -> (network: TrainableMLP, initialError: Double, finalError: Double) {
        var generator = RandomGenerator(seed: seed)
        let model = TrainableMLP(
            architecture: architecture, batchCapacity: pointCount,
            optimizer: AdamConfiguration(learningRate: 1e-2), maximumGradientNorm: maximumGradientNorm,
            generator: &generator)
        var outputGradient = [Float](repeating: 0, count: pointCount)
        func meanSquaredError() -> Double {
            let output = model.forward(inputs, batchSize: pointCount)
            return (0..<pointCount).reduce(0) { sum, i in
                let residual = Double(output[i] - targets[i])
                return sum + residual * residual
            } / Double(pointCount)
        }
        let initialError = meanSquaredError()
        for _ in 0..<steps {
            let output = model.forward(inputs, batchSize: pointCount)
            for i in 0..<pointCount { outputGradient[i] = 2 * (output[i] - targets[i]) / Float(pointCount) }
            model.backward(outputGradient: outputGradient)
            model.applyGradients()
        }
        return (model, initialError, meanSquaredError())
    }

    @Test("Fitting sin(x) reduces the mean squared error at least tenfold")
    func fitsSine() {
        let result = Self.fitSine(seed: 1, steps: 300)
        #expect(result.initialError > 0.1, "the untrained network should not already fit")
        #expect(result.finalError * 10 <= result.initialError,
                "MSE \(result.initialError) → \(result.finalError)")
        #expect(result.network.optimizer.stepCount == 300)
    }

    @Test("Training is deterministic: one seed gives bitwise-identical parameters",
          arguments: [nil, Float(0.5)] as [Float?])
    func deterministic(maximumGradientNorm: Float?) {
        let first = Self.fitSine(seed: 7, steps: 50, maximumGradientNorm: maximumGradientNorm)
        let second = Self.fitSine(seed: 7, steps: 50, maximumGradientNorm: maximumGradientNorm)
        #expect(first.network.network.parameters.map(\.bitPattern) == second.network.network.parameters.map(\.bitPattern))
        #expect(first.network.optimizer == second.network.optimizer)
        let other = Self.fitSine(seed: 8, steps: 50, maximumGradientNorm: maximumGradientNorm)
        #expect(other.network.network.parameters != first.network.network.parameters)
    }

    @Test("A NaN or infinite gradient anywhere leaves the weights and Adam's moments as they are",
          arguments: [Float.nan, .infinity, -.infinity])
    func nonFiniteGradientIsNotApplied(value: Float) {
        let (model, _, _) = Self.fitSine(seed: 3, steps: 2)
        let parameters = model.network.parameters, optimizer = model.optimizer
        for index in [0, model.gradients.count / 2, model.gradients.count - 1] {
            let saved = model.gradients[index]
            model.gradients[index] = value
            #expect(!model.applyGradients())
            #expect(model.network.parameters == parameters && model.optimizer == optimizer)
            model.gradients[index] = saved
        }
        #expect(model.applyGradients())
        #expect(model.network.parameters != parameters)
    }

    @Test("Gradient clipping bounds the norm used for the update")
    func clipping() {
        var generator = RandomGenerator(seed: 3)
        let model = TrainableMLP(
            architecture: Self.architecture, batchCapacity: Self.pointCount, optimizer: AdamConfiguration(),
            maximumGradientNorm: 1e-3, generator: &generator)
        model.forward(Self.inputs, batchSize: Self.pointCount)
        model.backward(outputGradient: Self.targets.map { -$0 })
        #expect(ParameterVector.norm(model.gradients, count: model.gradients.count) > 1e-3)
        model.applyGradients()
        #expect(ParameterVector.norm(model.gradients, count: model.gradients.count) <= 1e-3)
    }

    @Test("backward(parameterGradients: false) leaves the gradients and fills the input gradient")
    func inputGradientOnly() {
        var generator = RandomGenerator(seed: 4)
        let model = TrainableMLP(
            architecture: Self.architecture, batchCapacity: Self.pointCount, optimizer: AdamConfiguration(),
            generator: &generator)
        model.forward(Self.inputs, batchSize: Self.pointCount)
        var withParameters = [Float](repeating: .nan, count: Self.pointCount)
        model.backward(outputGradient: Self.targets, inputGradient: &withParameters)
        let gradients = model.gradients

        model.forward(Self.inputs, batchSize: Self.pointCount)
        var inputOnly = [Float](repeating: .nan, count: Self.pointCount)
        model.backward(outputGradient: Self.inputs, parameterGradients: false, inputGradient: &inputOnly)
        #expect(model.gradients == gradients)
        #expect(!inputOnly.contains { $0.isNaN })
        #expect(inputOnly != withParameters)
    }
}
