import Testing

import SwiftRLCore
import SwiftRLNN

/// How `MLP.backward` treats its optional outputs and its workspace.
@Suite("MLP backward pass: buffers and workspace")
struct MLPBackwardBehaviorTests {
    static let architectures = [
        MLPArchitecture(inputSize: 3, hiddenSizes: [], outputSize: 2, outputActivation: .tanh),
        MLPArchitecture(inputSize: 19, hiddenSizes: [17, 33], outputSize: 17, hiddenActivation: .tanh),
        MLPArchitecture(inputSize: 3, hiddenSizes: [16, 16], outputSize: 2, hiddenActivation: .relu),
    ]

    @Test("Without a parameter-gradient buffer the input gradient is unchanged", arguments: architectures)
    func inputGradientWithoutParameterGradients(architecture: MLPArchitecture) throws {
        let fixture = try #require(GradientCheckFixture.make(architecture, batchSize: 5))
        let both = fixture.analyticGradients()
        let inputOnly = fixture.analyticGradients(parameterGradientsInitialValue: nil)
        #expect(inputOnly.parameters == nil)
        #expect(try #require(inputOnly.input) == #require(both.input))
    }

    @Test("Without an input-gradient buffer the parameter gradients are unchanged", arguments: architectures)
    func parameterGradientsWithoutInputGradient(architecture: MLPArchitecture) throws {
        let fixture = try #require(GradientCheckFixture.make(architecture, batchSize: 5))
        let both = fixture.analyticGradients()
        let parametersOnly = fixture.analyticGradients(wantsInputGradient: false)
        #expect(try #require(parametersOnly.parameters) == #require(both.parameters))
    }

    @Test("Parameter gradients are overwritten, not accumulated", arguments: architectures)
    func gradientsAreOverwritten(architecture: MLPArchitecture) throws {
        let fixture = try #require(GradientCheckFixture.make(architecture, batchSize: 5))
        let fromZero = try #require(fixture.analyticGradients().parameters)
        let fromGarbage = try #require(fixture.analyticGradients(parameterGradientsInitialValue: 1e3).parameters)
        #expect(fromGarbage == fromZero)

        // A second backward into the same buffer gives the same values, not twice them.
        let workspace = MLPWorkspace(architecture: architecture, capacity: 5)
        fixture.network.forward(fixture.input, batchSize: 5, workspace: workspace)
        var gradients = [Float](repeating: 0, count: architecture.parameterCount)
        for _ in 0..<2 {
            fixture.network.backward(outputGradient: fixture.lossWeights, workspace: workspace,
                                     parameterGradients: &gradients, inputGradient: nil)
        }
        #expect(gradients == fromZero)
    }

    @Test("A smaller batch in a reused, larger workspace ignores the stale rows", arguments: architectures)
    func smallerBatchInReusedWorkspace(architecture: MLPArchitecture) throws {
        let fixture = try #require(GradientCheckFixture.make(architecture, batchSize: 3))
        let fresh = fixture.analyticGradients()

        // Fill a capacity-8 workspace with a full, different batch first.
        let workspace = MLPWorkspace(architecture: architecture, capacity: 8)
        var generator = RandomGenerator(seed: 1234)
        let other = generator.floats(8 * architecture.inputSize)
        fixture.network.forward(other, batchSize: 8, workspace: workspace)
        var scratch = [Float](repeating: 0, count: architecture.parameterCount)
        fixture.network.backward(outputGradient: generator.floats(8 * architecture.outputSize), workspace: workspace,
                                 parameterGradients: &scratch, inputGradient: nil)

        let reused = fixture.analyticGradients(workspace: workspace)
        #expect(reused.parameters == fresh.parameters)
        #expect(reused.input == fresh.input)
    }
}
