import Foundation
import Testing

import SwiftRLCore
import SwiftRLNN

/// LSTM and GRU layers against a double-precision reference: outputs, final states, and gradients
/// (parameters, inputs and the initial state) against central differences, with episode starts
/// inside the sequences and a state carried in from a previous chunk.
@Suite("Recurrent layers")
struct RecurrentLayerTests {
    struct Fixture {
        let layer: RecurrentLayer
        let time: Int, batch: Int
        let input: [Float], initialState: [Float], episodeStarts: [Bool], lossWeights: [Float]

        init(_ cell: RecurrentCell, inputSize: Int = 3, hiddenSize: Int = 5, time: Int = 4, batch: Int = 3, seed: UInt64 = 7) {
            var generator = RandomGenerator(seed: seed)
            let shape = RecurrentShape(cell: cell, inputSize: inputSize, hiddenSize: hiddenSize)
            // Weights larger than PyTorch's ±1/√H, so that gates leave their linear range.
            layer = RecurrentLayer(shape: shape, parameters: generator.floats(shape.parameterCount, in: -0.8..<0.8))
            self.time = time
            self.batch = batch
            input = generator.floats(time * batch * inputSize, in: -2..<2)
            initialState = generator.floats(batch * shape.stateWidth)
            // Sequence 1 starts an episode at step 2, sequence 2 at step 0; sequence 0 carries its state through.
            episodeStarts = (0..<(time * batch)).map { $0 == 2 * batch + 1 || $0 == 2 }
            lossWeights = generator.floats(time * batch * hiddenSize)
        }

        func forward(_ workspace: RecurrentWorkspace) {
            layer.forward(input, time: time, batch: batch, initialState: initialState, episodeStarts: episodeStarts,
                          workspace: workspace)
        }

        func referenceLoss(_ reference: ReferenceRecurrentLayer, input: [Double], initialState: [Double]) -> Double {
            let outputs = reference.run(input, time: time, batch: batch, initialState: initialState,
                                        episodeStarts: episodeStarts).outputs
            return zip(outputs, lossWeights).reduce(0) { $0 + $1.0 * Double($1.1) }
        }
    }

    @Test("Outputs and final states match the double-precision reference", arguments: RecurrentCell.allCases)
    func forwardMatchesReference(cell: RecurrentCell) {
        let fixture = Fixture(cell)
        let workspace = RecurrentWorkspace(shape: fixture.layer.shape, capacity: fixture.time * fixture.batch)
        fixture.forward(workspace)
        let reference = ReferenceRecurrentLayer(fixture.layer).run(
            fixture.input.map(Double.init), time: fixture.time, batch: fixture.batch,
            initialState: fixture.initialState.map(Double.init), episodeStarts: fixture.episodeStarts)
        expectClose(workspace.outputArray, reference.outputs, within: .forward, "outputs")
        expectClose(workspace.finalStateArray, reference.finalState, within: .forward, "final state")
    }

    @Test("Gradients match central differences for every gate, input and initial state",
          arguments: RecurrentCell.allCases)
    func gradientsMatchFiniteDifferences(cell: RecurrentCell) {
        let fixture = Fixture(cell)
        let shape = fixture.layer.shape
        let workspace = RecurrentWorkspace(shape: shape, capacity: fixture.time * fixture.batch)
        fixture.forward(workspace)
        var parameterGradients = [Float](repeating: .nan, count: shape.parameterCount)
        var inputGradient = [Float](repeating: .nan, count: fixture.input.count)
        var stateGradient = [Float](repeating: .nan, count: fixture.initialState.count)
        fixture.layer.backward(outputGradient: fixture.lossWeights, workspace: workspace,
                               parameterGradients: &parameterGradients, inputGradient: &inputGradient,
                               initialStateGradient: &stateGradient)

        let reference = ReferenceRecurrentLayer(fixture.layer)
        let x = fixture.input.map(Double.init), s = fixture.initialState.map(Double.init), step = 1e-6
        func difference(_ loss: (Double) -> Double) -> Double { (loss(step) - loss(-step)) / (2 * step) }
        let numericParameters = reference.parameters.indices.map { index in
            difference { offset in
                var perturbed = reference
                perturbed.parameters[index] += offset
                return fixture.referenceLoss(perturbed, input: x, initialState: s)
            }
        }
        let numericInput = x.indices.map { index in
            difference { offset in
                var perturbed = x
                perturbed[index] += offset
                return fixture.referenceLoss(reference, input: perturbed, initialState: s)
            }
        }
        let numericState = s.indices.map { index in
            difference { offset in
                var perturbed = s
                perturbed[index] += offset
                return fixture.referenceLoss(reference, input: x, initialState: perturbed)
            }
        }
        expectClose(parameterGradients, numericParameters, within: .gradient, "∂loss/∂parameters")
        expectClose(inputGradient, numericInput, within: .gradient, "∂loss/∂input")
        expectClose(stateGradient, numericState, within: .gradient, "∂loss/∂initial state")
        // Not vacuous: every gate block of both weight matrices has a clearly nonzero gradient, and
        // the state of a sequence that starts an episode at step 0 gets none.
        for block in 0..<(2 * cell.gateCount) {
            let start = block < cell.gateCount ? 0 : shape.hiddenWeightOffset
            let gate = block % cell.gateCount
            let values = (0..<(block < cell.gateCount ? shape.inputSize : shape.hiddenSize)).flatMap { row in
                (0..<shape.hiddenSize).map { numericParameters[start + row * shape.gateWidth + gate * shape.hiddenSize + $0] }
            }
            #expect(values.contains { abs($0) > 1e-3 }, "gate block \(block) has no gradient")
        }
        #expect(numericState[(2 * shape.stateWidth)...].allSatisfy { $0 == 0 })
        #expect(numericState[0..<shape.stateWidth].contains { abs($0) > 1e-3 })
    }

    @Test("A sequence run in two chunks, the state carried between them, gives the same bits as one run",
          arguments: RecurrentCell.allCases)
    func chunksCarryState(cell: RecurrentCell) {
        let fixture = Fixture(cell, time: 6)
        let shape = fixture.layer.shape, batch = fixture.batch
        let whole = RecurrentWorkspace(shape: shape, capacity: 6 * batch)
        fixture.forward(whole)
        let chunk = RecurrentWorkspace(shape: shape, capacity: 3 * batch)
        let split = 3 * batch
        fixture.layer.forward(Array(fixture.input[..<(split * shape.inputSize)]), time: 3, batch: batch,
                              initialState: fixture.initialState, episodeStarts: Array(fixture.episodeStarts[..<split]),
                              workspace: chunk)
        let first = chunk.outputArray
        fixture.layer.forward(Array(fixture.input[(split * shape.inputSize)...]), time: 3, batch: batch,
                              initialState: chunk.finalStateArray, episodeStarts: Array(fixture.episodeStarts[split...]),
                              workspace: chunk)
        #expect(first + chunk.outputArray == whole.outputArray)
        #expect(chunk.finalStateArray == whole.finalStateArray)
    }

    @Test("Sequences divided between threads give the same bits as one thread", arguments: RecurrentCell.allCases)
    func threadsGiveTheSameBits(cell: RecurrentCell) {
        // 40 sequences: two parts of 20 on two threads (16 at least per part), each with episode starts.
        let fixture = Fixture(cell, hiddenSize: 12, time: 5, batch: 40)
        let shape = fixture.layer.shape, rows = fixture.time * fixture.batch
        let episodeStarts = (0..<rows).map { $0 % 7 == 3 }
        func passes(_ pool: ThreadPool?) -> [[Float]] {
            let workspace = RecurrentWorkspace(shape: shape, capacity: rows)
            fixture.layer.forward(fixture.input, time: fixture.time, batch: fixture.batch, initialState: fixture.initialState,
                                  episodeStarts: episodeStarts, workspace: workspace, pool: pool)
            var parameterGradients = [Float](repeating: 0, count: shape.parameterCount)
            var inputGradient = [Float](repeating: 0, count: rows * shape.inputSize)
            var stateGradient = [Float](repeating: 0, count: fixture.batch * shape.stateWidth)
            fixture.layer.backward(outputGradient: fixture.lossWeights, workspace: workspace,
                                   parameterGradients: &parameterGradients, inputGradient: &inputGradient,
                                   initialStateGradient: &stateGradient, pool: pool)
            return [workspace.outputArray, workspace.finalStateArray, parameterGradients, inputGradient, stateGradient]
        }
        let one = passes(nil), two = passes(ThreadPool(threadCount: 2))
        #expect(one.map { $0.map(\.bitPattern) } == two.map { $0.map(\.bitPattern) })
        #expect(one[4].contains { $0 != 0 } && one[2].allSatisfy(\.isFinite))
    }

    @Test("The deployed step agrees with the training kernels", arguments: RecurrentCell.allCases, [5, 64])
    func deployedStep(cell: RecurrentCell, hiddenSize: Int) {
        let fixture = Fixture(cell, hiddenSize: hiddenSize, time: 3, batch: 1)
        let workspace = RecurrentWorkspace(shape: fixture.layer.shape, capacity: 3)
        fixture.layer.forward(fixture.input, time: 3, batch: 1, initialState: fixture.initialState, episodeStarts: nil,
                              workspace: workspace)
        var state = fixture.initialState, outputs = [Float]()
        var output = [Float](repeating: 0, count: hiddenSize)
        for t in 0..<3 {
            Array(fixture.input[(t * 3)..<(t * 3 + 3)]).withUnsafeBufferPointer { input in
                fixture.layer.deployedStep(input.baseAddress!, state: &state, output: &output)
            }
            outputs += output
        }
        expectClose(outputs, workspace.outputArray.map(Double.init), within: .forward, "outputs")
        expectClose(state, workspace.finalStateArray.map(Double.init), within: .forward, "state")
    }

    @Test("PyTorch's tensor layout round-trips", arguments: RecurrentCell.allCases)
    func pytorchLayout(cell: RecurrentCell) {
        let layer = Fixture(cell).layer
        let shape = layer.shape
        let tensors = shape.pytorchTensors(of: layer.parameters)
        #expect(tensors.map(\.count) == shape.pytorchTensorShapes.map { $0.reduce(1, *) })
        // weight_ih_l0[gate row, input] is Wᵢ[input, gate row].
        #expect(tensors[0][1 * shape.inputSize + 2] == layer.parameters[2 * shape.gateWidth + 1])
        #expect(shape.parameters(fromPyTorch: tensors) == layer.parameters)
    }

    @Test("Shapes and parameters from outside are checked")
    func validation() throws {
        #expect(throws: NetworkShapeError.self) { try RecurrentShape(cell: .lstm, inputSize: 0, hiddenSize: 4).validate() }
        #expect(throws: NetworkShapeError.self) {
            try RecurrentShape(cell: .gru, inputSize: 2, hiddenSize: RecurrentShape.sizeLimit + 1).validate()
        }
        let shape = RecurrentShape(cell: .gru, inputSize: 2, hiddenSize: 3)
        #expect(throws: NetworkShapeError.self) { try RecurrentLayer(shape: shape, validatingParameters: [1, 2]) }
        var values = [Float](repeating: 0.1, count: shape.parameterCount)
        values[4] = .nan
        #expect(throws: NetworkShapeError.self) { try RecurrentLayer(shape: shape, validatingParameters: values) }
        let json = #"{"shape":{"cell":"lstm","inputSize":-1,"hiddenSize":2},"parameters":[]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RecurrentLayer.self, from: Data(json.utf8)) }
    }
}
