import Foundation
import Testing

import SwiftRLNN

/// Adam against float64 golden values from `scripts/reference/adam_reference.py` (PyTorch's formula).
@Suite("Adam")
struct AdamTests {
    struct GoldenCase: Sendable, CustomTestStringConvertible {
        let name: String
        let configuration: AdamConfiguration
        let parameters: [Double], firstMoments: [Double], secondMoments: [Double]
        var testDescription: String { name }
    }

    static let goldenCases = [
        GoldenCase(
            name: "default (lr 1e-3, β 0.9/0.999, ε 1e-7)", configuration: AdamConfiguration(),
            parameters: AdamGoldenValues.Default.parameters,
            firstMoments: AdamGoldenValues.Default.firstMoments,
            secondMoments: AdamGoldenValues.Default.secondMoments),
        GoldenCase(
            name: "custom (lr 3e-4, β 0.8/0.99, ε 1e-8)",
            configuration: AdamConfiguration(learningRate: 3e-4, beta1: 0.8, beta2: 0.99, epsilon: 1e-8),
            parameters: AdamGoldenValues.Custom.parameters,
            firstMoments: AdamGoldenValues.Custom.firstMoments,
            secondMoments: AdamGoldenValues.Custom.secondMoments),
    ]

    @Test("Five steps match the float64 PyTorch-formula golden values", arguments: goldenCases)
    func matchesGoldenValues(golden: GoldenCase) {
        var parameters = AdamGoldenValues.initialParameters
        var adam = Adam(parameterCount: parameters.count, configuration: golden.configuration)
        for gradients in AdamGoldenValues.gradients {
            adam.update(&parameters, gradients: gradients)
        }
        #expect(adam.stepCount == AdamGoldenValues.steps)
        expectClose(parameters, golden.parameters, within: .golden, "parameters")
        expectClose(adam.firstMoments, golden.firstMoments, within: .golden, "first moments")
        expectClose(adam.secondMoments, golden.secondMoments, within: .secondMoment, "second moments")
    }

    @Test("The defaults are RLtools' (α 1e-3, β 0.9/0.999, ε 1e-7)")
    func defaults() {
        #expect(AdamConfiguration() == AdamConfiguration(learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7))
        let adam = Adam(parameterCount: 3)
        #expect(adam.stepCount == 0)
        #expect(adam.firstMoments == [0, 0, 0])
        #expect(adam.secondMoments == [0, 0, 0])
    }

    @Test("The first step moves every parameter with a nonzero gradient by about α")
    func firstStepSize() {
        // After one step m̂ = g and v̂ = g², so the update is α·g/(|g| + ε) ≈ α·sign(g).
        var parameters = [Float](repeating: 1, count: 21)
        let gradients: [Float] = (0..<21).map { index -> Float in
            if index == 7 { return 0 }
            let sign: Float = index % 3 == 0 ? -1 : 1
            return sign * Float(index + 1)
        }
        var adam = Adam(parameterCount: 21)
        adam.update(&parameters, gradients: gradients)
        let expected = gradients.map { g -> Double in
            let gradient = Double(g)
            return gradient == 0 ? 1 : 1 - 1e-3 * gradient / (abs(gradient) + 1e-7)
        }
        expectClose(parameters, expected, within: .golden, "parameters")
    }

    @Test("Codable round trip keeps the moments and the step count")
    func codableRoundTrip() throws {
        var parameters = AdamGoldenValues.initialParameters
        var adam = Adam(parameterCount: parameters.count)
        adam.update(&parameters, gradients: AdamGoldenValues.gradients[0])
        var restored = try JSONDecoder().decode(Adam.self, from: JSONEncoder().encode(adam))
        #expect(restored == adam)
        var restoredParameters = parameters
        adam.update(&parameters, gradients: AdamGoldenValues.gradients[1])
        restored.update(&restoredParameters, gradients: AdamGoldenValues.gradients[1])
        #expect(restoredParameters == parameters)
    }
}
