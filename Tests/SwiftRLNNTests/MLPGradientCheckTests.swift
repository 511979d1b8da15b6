import Testing

import SwiftRLNN

/// `MLP.backward` against double-precision central differences of the naive reference network,
/// for every parameter and every input, over all test architectures and batch sizes.
@Suite("MLP gradients against finite differences")
struct MLPGradientCheckTests {
    @Test("Parameter and input gradients match central differences",
          arguments: TestArchitectures.exactGradients, TestArchitectures.batchSizes)
    func gradientsMatchFiniteDifferences(architecture: MLPArchitecture, batchSize: Int) throws {
        let fixture = try #require(GradientCheckFixture.make(architecture, batchSize: batchSize),
                                   "no seed keeps the ReLU preactivations away from 0")
        let analytic = fixture.analyticGradients()
        let numeric = fixture.finiteDifferenceGradients()

        let parameterGradients = try #require(analytic.parameters)
        let inputGradient = try #require(analytic.input)
        expectClose(parameterGradients, numeric.parameters, within: .gradient, "∂loss/∂parameters")
        expectClose(inputGradient, numeric.input, within: .gradient, "∂loss/∂input")

        // The comparison is not vacuous: the loss does depend on the parameters.
        #expect(numeric.parameters.contains { abs($0) > 1e-2 })
    }
}
