import Foundation

import SwiftRLNN

/// A naive double-precision MLP that reads the same flat parameter layout as ``MLP``
/// (per layer: row-major `inputs × outputs` weights, then `outputs` biases). It is the independent
/// reference for forward passes and, through central differences, for gradients.
struct ReferenceMLP {
    let architecture: MLPArchitecture
    var parameters: [Double]

    /// A reference copy of `network`, its Float32 parameters widened exactly to Double.
    init(_ network: MLP) {
        architecture = network.architecture
        parameters = network.parameters.map(Double.init)
    }

    /// One forward pass: the outputs (`batchSize × outputSize`) and every layer's preactivations.
    func evaluate(_ input: [Double], batchSize: Int) -> (output: [Double], preactivations: [[Double]]) {
        let sizes = architecture.layerSizes
        precondition(input.count == batchSize * sizes[0])
        var activations = input
        var preactivations = [[Double]]()
        for layer in 0..<architecture.layerCount {
            let inputs = sizes[layer], outputs = sizes[layer + 1]
            let weights = architecture.weightOffset(ofLayer: layer)
            let biases = weights + inputs * outputs
            var z = [Double](repeating: 0, count: batchSize * outputs)
            for row in 0..<batchSize {
                for j in 0..<outputs {
                    var sum = parameters[biases + j]
                    for i in 0..<inputs {
                        sum += activations[row * inputs + i] * parameters[weights + i * outputs + j]
                    }
                    z[row * outputs + j] = sum
                }
            }
            preactivations.append(z)
            let activation = architecture.activation(ofLayer: layer)
            activations = z.map { Self.apply(activation, $0) }
        }
        return (activations, preactivations)
    }

    func output(_ input: [Double], batchSize: Int) -> [Double] {
        evaluate(input, batchSize: batchSize).output
    }

    /// The test loss `Σ_rows Σ_outputs c_ij · y_ij`, whose output gradient is `c`.
    func loss(_ input: [Double], batchSize: Int, weights c: [Double]) -> Double {
        zip(output(input, batchSize: batchSize), c).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The smallest |preactivation| feeding a ReLU, where the loss is not differentiable
    /// (infinity when no layer uses ReLU).
    func distanceToReLUKink(_ input: [Double], batchSize: Int) -> Double {
        let preactivations = evaluate(input, batchSize: batchSize).preactivations
        var distance = Double.infinity
        for (layer, z) in preactivations.enumerated() where architecture.activation(ofLayer: layer) == .relu {
            distance = min(distance, z.map(abs).min() ?? .infinity)
        }
        return distance
    }

    /// Whether each row has an output where the output activation's derivative is nonzero
    /// (always true unless the output activation is ReLU).
    func everyRowHasLiveOutput(_ input: [Double], batchSize: Int) -> Bool {
        guard architecture.outputActivation == .relu else { return true }
        let z = evaluate(input, batchSize: batchSize).preactivations.last!
        let outputs = architecture.outputSize
        return (0..<batchSize).allSatisfy { row in z[(row * outputs)..<((row + 1) * outputs)].contains { $0 > 0 } }
    }

    static func apply(_ activation: Activation, _ x: Double) -> Double {
        switch activation {
        case .identity: x
        case .relu: max(x, 0)
        case .tanh: Foundation.tanh(x)
        case .fastTanh:
            { (c: Double) in c * (27 + c * c) / (27 + 9 * c * c) }(min(max(x, -3), 3))
        }
    }
}
