import Testing

import SwiftRLCore
import SwiftRLNN

/// `MLP.forward` and `callAsFunction` against the double-precision reference network.
@Suite("MLP forward pass")
struct MLPForwardTests {
    @Test("Matches the double-precision reference", arguments: TestArchitectures.all, TestArchitectures.batchSizes)
    func matchesReference(architecture: MLPArchitecture, batchSize: Int) {
        var generator = RandomGenerator(seed: UInt64(17 * batchSize + architecture.parameterCount))
        let network = MLP(architecture: architecture, generator: &generator)
        let input = generator.floats(batchSize * architecture.inputSize, in: -2..<2)
        let workspace = MLPWorkspace(architecture: architecture, capacity: 8)

        network.forward(input, batchSize: batchSize, workspace: workspace)

        let expected = ReferenceMLP(network).output(input.map(Double.init), batchSize: batchSize)
        #expect(workspace.batchSize == batchSize)
        expectClose(workspace.outputArray, expected, within: .forward, "output")
    }

    @Test("callAsFunction equals a one-row forward pass", arguments: TestArchitectures.all)
    func callAsFunctionMatchesForward(architecture: MLPArchitecture) {
        var generator = RandomGenerator(seed: 3)
        let network = MLP(architecture: architecture, generator: &generator)
        let input = generator.floats(architecture.inputSize)
        let workspace = MLPWorkspace(architecture: architecture, capacity: 4)
        network.forward(input, batchSize: 1, workspace: workspace)
        #expect(network(input) == workspace.outputArray)
    }

    @Test("Rows of a batch are evaluated independently")
    func rowsAreIndependent() {
        let architecture = MLPArchitecture(inputSize: 19, hiddenSizes: [17, 33], outputSize: 17, hiddenActivation: .tanh)
        var generator = RandomGenerator(seed: 11)
        let network = MLP(architecture: architecture, generator: &generator)
        let batchSize = 7
        let input = generator.floats(batchSize * architecture.inputSize)
        let workspace = MLPWorkspace(architecture: architecture, capacity: batchSize)
        network.forward(input, batchSize: batchSize, workspace: workspace)
        let batched = workspace.outputArray
        for row in 0..<batchSize {
            let rowInput = Array(input[(row * 19)..<((row + 1) * 19)])
            expectClose(network(rowInput), Array(batched[(row * 17)..<((row + 1) * 17)]).map(Double.init),
                        within: .forward, "row \(row)")
        }
    }

    @Test("Initialization draws every parameter within ±1/√fan-in")
    func initializationBounds() {
        let architecture = MLPArchitecture(inputSize: 4, hiddenSizes: [25, 9], outputSize: 2)
        var generator = RandomGenerator(seed: 21)
        let network = MLP(architecture: architecture, generator: &generator)
        #expect(network.parameters.count == architecture.parameterCount)
        let sizes = architecture.layerSizes
        for layer in 0..<architecture.layerCount {
            let start = architecture.weightOffset(ofLayer: layer)
            let end = architecture.weightOffset(ofLayer: layer + 1)
            let bound = 1 / Float(sizes[layer]).squareRoot()
            #expect(network.parameters[start..<end].allSatisfy { abs($0) <= bound }, "layer \(layer)")
        }
    }
}
