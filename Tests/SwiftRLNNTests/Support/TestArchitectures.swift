import Testing

import SwiftRLNN

/// Architectures for the forward and gradient checks: no hidden layer, one small hidden layer,
/// two layers exactly one SIMD16 tile wide, and widths ≥ 17 that mix SIMD16 tiles with SIMD4 and
/// scalar tails (input 19, hidden 17 and 33, output 17); each with every hidden and output
/// activation (a network without hidden layers only varies its output activation).
/// ``exactGradients`` leaves out the fast tanh, whose backward pass is RLtools' surrogate (1 − y²)
/// rather than its exact derivative.
enum TestArchitectures {
    static let shapes: [(inputSize: Int, hiddenSizes: [Int], outputSize: Int)] = [
        (3, [], 2),
        (4, [5], 3),
        (3, [16, 16], 2),
        (19, [17, 33], 17),
    ]

    static let all: [MLPArchitecture] = architectures(activations: Activation.allCases)

    /// The architectures whose backward pass is the exact gradient.
    static let exactGradients: [MLPArchitecture] = architectures(activations: Activation.allCases.filter { $0 != .fastTanh })

    private static func architectures(activations: [Activation]) -> [MLPArchitecture] {
        shapes.flatMap { shape in
            let hiddenActivations: [Activation] = shape.hiddenSizes.isEmpty ? [.identity] : activations
            return hiddenActivations.flatMap { hidden in
                activations.map { output in
                    MLPArchitecture(
                        inputSize: shape.inputSize, hiddenSizes: shape.hiddenSizes, outputSize: shape.outputSize,
                        hiddenActivation: hidden, outputActivation: output)
                }
            }
        }
    }

    static let batchSizes = [1, 3, 8]
}

extension MLPArchitecture: CustomTestStringConvertible {
    public var testDescription: String {
        let widths = layerSizes.map(String.init).joined(separator: "→")
        return hiddenSizes.isEmpty ? "\(widths) \(outputActivation)" : "\(widths) \(hiddenActivation)/\(outputActivation)"
    }
}
