import Foundation
import Testing

import SwiftRLCore
import SwiftRLNN

/// `Sequential`: the same bits as the MLP and the recurrent layer it generalizes, gradients against
/// central differences with a program's own layer inside, training, the deployed step, PyTorch names
/// and the errors a caller gets.
@Suite("Sequential networks")
struct SequentialTests {
    static let pools: [ThreadPool?] = [nil, ThreadPool(threadCount: 2)]

    @Test("Dense layers alone: MLP's parameters, outputs and gradients, bit for bit, on 1 and 2 threads",
          arguments: [Activation.tanh, .relu, .fastTanh], [0, 1])
    func denseLayersAreAnMLP(activation: Activation, poolIndex: Int) throws {
        let pool = Self.pools[poolIndex]
        let architecture = MLPArchitecture(inputSize: 5, hiddenSizes: [40, 17], outputSize: 3,
                                           hiddenActivation: activation, outputActivation: .tanh)
        var generator = RandomGenerator(seed: 3), sameGenerator = RandomGenerator(seed: 3)
        let mlp = MLP(architecture: architecture, generator: &generator)
        let network = try Sequential(layers: architecture.layers, generator: &sameGenerator)
        #expect(network.parameters == mlp.parameters)

        let rows = 300
        let input = generator.floats(rows * 5, in: -2..<2), outputGradient = generator.floats(rows * 3)
        let mlpWorkspace = MLPWorkspace(architecture: architecture, capacity: rows)
        mlp.forward(input, batchSize: rows, workspace: mlpWorkspace, pool: pool)
        var mlpGradients = [Float](repeating: 0, count: mlp.parameters.count), mlpInputGradient = [Float](repeating: 0, count: rows * 5)
        mlp.backward(outputGradient: outputGradient, workspace: mlpWorkspace, parameterGradients: &mlpGradients,
                     inputGradient: &mlpInputGradient, pool: pool)

        let model = TrainableSequential(network, capacity: rows, optimizer: .init())
        let output = model.forward(input, time: 1, batch: rows, initialState: nil, episodeStarts: nil, pool: pool)
        #expect(Array(UnsafeBufferPointer(start: output, count: rows * 3)) == mlpWorkspace.outputArray)
        var inputGradient = [Float](repeating: 0, count: rows * 5)
        model.backward(outputGradient: outputGradient, inputGradient: &inputGradient, pool: pool)
        #expect(model.gradients == mlpGradients)
        #expect(inputGradient == mlpInputGradient)
    }

    @Test("A recurrent layer then dense layers: the bits of RecurrentLayer followed by an MLP, final state included",
          arguments: RecurrentCell.allCases, [0, 1])
    func recurrentThenDense(cell: RecurrentCell, poolIndex: Int) throws {
        let pool = Self.pools[poolIndex]
        let shape = RecurrentShape(cell: cell, inputSize: 3, hiddenSize: 16)
        let head = MLPArchitecture(inputSize: 16, hiddenSizes: [24], outputSize: 2, hiddenActivation: .tanh)
        var generator = RandomGenerator(seed: 11), sameGenerator = RandomGenerator(seed: 11)
        let memory = RecurrentLayer(shape: shape, generator: &generator)
        let mlp = MLP(architecture: head, generator: &generator)
        let network = try Sequential(layers: [shape] + head.layers, generator: &sameGenerator)
        #expect(network.parameters == memory.parameters + mlp.parameters)
        #expect(network.stateWidth == shape.stateWidth)

        let time = 6, batch = 40, rows = time * batch
        let input = generator.floats(rows * 3, in: -2..<2), state = generator.floats(batch * shape.stateWidth)
        let starts = (0..<rows).map { $0 % 7 == 3 }, outputGradient = generator.floats(rows * 2)
        let memoryWorkspace = RecurrentWorkspace(shape: shape, capacity: rows)
        memory.forward(input, time: time, batch: batch, initialState: state, episodeStarts: starts, workspace: memoryWorkspace,
                       pool: pool)
        let mlpWorkspace = MLPWorkspace(architecture: head, capacity: rows)
        mlp.forward(memoryWorkspace.outputs, batchSize: rows, workspace: mlpWorkspace, pool: pool)
        var headGradients = [Float](repeating: 0, count: mlp.parameters.count), features = [Float](repeating: 0, count: rows * 16)
        mlp.backward(outputGradient: outputGradient, workspace: mlpWorkspace, parameterGradients: &headGradients,
                     inputGradient: &features, pool: pool)
        var memoryGradients = [Float](repeating: 0, count: memory.parameters.count)
        memory.backward(outputGradient: features, workspace: memoryWorkspace, parameterGradients: &memoryGradients,
                        inputGradient: nil, pool: pool)

        let workspace = SequentialWorkspace(network, capacity: rows)
        let output = network.forward(input, time: time, batch: batch, initialState: state, episodeStarts: starts,
                                     workspace: workspace, pool: pool)
        #expect(Array(UnsafeBufferPointer(start: output, count: rows * 2)) == mlpWorkspace.outputArray)
        var finalState = [Float](repeating: 0, count: batch * network.stateWidth)
        network.copyFinalState(of: workspace, into: &finalState)
        #expect(finalState == memoryWorkspace.finalStateArray)
        var gradients = [Float](repeating: 0, count: network.parameterCount)
        network.backward(outputGradient: outputGradient, workspace: workspace, parameterGradients: &gradients,
                         inputGradient: nil, pool: pool)
        #expect(gradients == memoryGradients + headGradients)
    }

    /// LSTM, dense, a program's own layer, GRU, dense: every kind of layer and two states.
    static func mixedNetwork(seed: UInt64) throws -> Sequential {
        var generator = RandomGenerator(seed: seed)
        return try Sequential(layers: [
            RecurrentShape(cell: .lstm, inputSize: 3, hiddenSize: 4),
            DenseLayer(inputs: 4, outputs: 5, activation: .tanh),
            ElementwiseAffine(width: 5),
            RecurrentShape(cell: .gru, inputSize: 5, hiddenSize: 3),
            DenseLayer(inputs: 3, outputs: 2),
        ], generator: &generator)
    }

    @Test("Gradients of every layer kind, a program's own included, agree with central differences")
    func gradientsMatchCentralDifferences() throws {
        var network = try Self.mixedNetwork(seed: 5)
        var generator = RandomGenerator(seed: 6)
        let time = 3, batch = 2, rows = time * batch
        let input = generator.floats(rows * 3), state = generator.floats(batch * network.stateWidth)
        let weights = generator.floats(rows * 2)
        let starts = [false, false, false, true, false, false]
        let workspace = SequentialWorkspace(network, capacity: rows)
        func loss(_ network: Sequential, _ input: [Float]) -> Double {
            let output = network.forward(input, time: time, batch: batch, initialState: state, episodeStarts: starts,
                                         workspace: workspace)
            return (0..<(rows * 2)).reduce(0) { $0 + Double(output[$1]) * Double(weights[$1]) }
        }
        _ = loss(network, input)
        var gradients = [Float](repeating: 0, count: network.parameterCount), inputGradient = [Float](repeating: 0, count: rows * 3)
        network.backward(outputGradient: weights, workspace: workspace, parameterGradients: &gradients,
                         inputGradient: &inputGradient)
        let step: Float = 1e-2
        for index in 0..<network.parameterCount {
            let original = network.parameters[index]
            network.parameters[index] = original + step
            let up = loss(network, input)
            network.parameters[index] = original - step
            let down = loss(network, input)
            network.parameters[index] = original
            let numeric = (up - down) / Double(2 * step)
            #expect(abs(numeric - Double(gradients[index])) <= 2e-3 + 2e-2 * abs(numeric), "parameter \(index)")
        }
        for index in 0..<(rows * 3) {
            var shifted = input
            shifted[index] += step
            let up = loss(network, shifted)
            shifted[index] -= 2 * step
            let numeric = (up - loss(network, shifted)) / Double(2 * step)
            #expect(abs(numeric - Double(inputGradient[index])) <= 2e-3 + 2e-2 * abs(numeric), "input \(index)")
        }
    }

    @Test("Training a network with a program's own layer lowers a regression loss a hundredfold")
    func trainingLowersTheLoss() throws {
        var generator = RandomGenerator(seed: 9)
        let network = try Sequential(layers: [DenseLayer(inputs: 2, outputs: 16, activation: .tanh), ElementwiseAffine(width: 16),
                                              DenseLayer(inputs: 16, outputs: 1)], generator: &generator)
        let model = TrainableSequential(network, capacity: 64, optimizer: .init(learningRate: 1e-2))
        let input = generator.floats(64 * 2)
        let target = (0..<64).map { sinf(2 * input[2 * $0]) * input[2 * $0 + 1] }
        func step() -> Float {
            let output = model.forward(input, time: 1, batch: 64, initialState: nil, episodeStarts: nil)
            let gradient = (0..<64).map { 2 * (output[$0] - target[$0]) / 64 }
            let loss = (0..<64).reduce(Float(0)) { $0 + (output[$1] - target[$1]) * (output[$1] - target[$1]) } / 64
            model.backward(outputGradient: gradient)
            #expect(model.applyGradients())
            return loss
        }
        let first = step()
        for _ in 0..<1500 { _ = step() }
        #expect(step() < first / 100)
    }

    @Test("The deployed step follows the training pass through time, carrying both layers' states")
    func deployedStepFollowsForward() throws {
        let network = try Self.mixedNetwork(seed: 12)
        var generator = RandomGenerator(seed: 13)
        let time = 8, input = generator.floats(time * 3, in: -2..<2)
        let workspace = SequentialWorkspace(network, capacity: time)
        let output = network.forward(input, time: time, batch: 1, initialState: nil, episodeStarts: nil, workspace: workspace)
        var state = [Float](repeating: 0, count: network.stateWidth), step = [Float](repeating: 0, count: 2)
        for t in 0..<time {
            Array(input[(3 * t)..<(3 * t + 3)]).withUnsafeBufferPointer { network.deployedStep($0.baseAddress!, state: &state, output: &step) }
            for j in 0..<2 { #expect(abs(step[j] - output[2 * t + j]) <= 1e-5) }
        }
        var finalState = [Float](repeating: 0, count: network.stateWidth)
        network.copyFinalState(of: workspace, into: &finalState)
        for (deployed, trained) in zip(state, finalState) { #expect(abs(deployed - trained) <= 1e-5) }
    }

    @Test("PyTorch names count a dense layer's activation module; tensors round-trip; a missing or misshapen one is named")
    func pytorchTensors() throws {
        let network = try Self.mixedNetwork(seed: 4)
        #expect(network.pytorchModuleIndices == [0, 1, 3, 4, 5])
        let tensors = network.pytorchTensors(of: network.parameters, prefix: "actor")
        #expect(tensors.map(\.name) == ["actor.0.weight_ih_l0", "actor.0.weight_hh_l0", "actor.0.bias_ih_l0", "actor.0.bias_hh_l0",
                                        "actor.1.weight", "actor.1.bias", "actor.3.scale", "actor.3.shift",
                                        "actor.4.weight_ih_l0", "actor.4.weight_hh_l0", "actor.4.bias_ih_l0", "actor.4.bias_hh_l0",
                                        "actor.5.weight", "actor.5.bias"])
        #expect(tensors[4].shape == [5, 4] && tensors[12].shape == [2, 3])
        var byName = Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, ($0.shape, $0.values)) })
        #expect(try network.vector(fromPyTorch: { byName[$0] }, prefix: "actor") == network.parameters)
        byName["actor.5.weight"] = ([3, 2], byName["actor.5.weight"]!.1)
        #expect(throws: NetworkShapeError("tensor 'actor.5.weight' has shape [3, 2], expected [2, 3]")) {
            try network.vector(fromPyTorch: { byName[$0] }, prefix: "actor")
        }
        byName["actor.3.scale"] = nil
        #expect(throws: NetworkShapeError("tensor 'actor.3.scale' is missing")) {
            try network.vector(fromPyTorch: { byName[$0] }, prefix: "actor")
        }
    }

    @Test("Layers that do not chain, no layer, a wrong count or a value that is not finite: one clear error")
    func invalidNetworks() throws {
        var generator = RandomGenerator(seed: 1)
        #expect(throws: NetworkShapeError("layer 1 takes 5 inputs, but layer 0 gives 4 outputs")) {
            try Sequential(layers: [DenseLayer(inputs: 2, outputs: 4), DenseLayer(inputs: 5, outputs: 1)], generator: &generator)
        }
        #expect(throws: NetworkShapeError("a sequential network needs at least one layer")) {
            try Sequential(layers: [], generator: &generator)
        }
        #expect(throws: NetworkShapeError("dense layer outputs 0 outside 1…\(MLPArchitecture.widthLimit)")) {
            try Sequential(layers: [DenseLayer(inputs: 2, outputs: 0)], generator: &generator)
        }
        let layers: [any Layer] = [DenseLayer(inputs: 2, outputs: 1)]
        #expect(throws: NetworkShapeError("the layers need 3 parameters, found 2")) {
            try Sequential(layers: layers, parameters: [0, 0])
        }
        #expect(throws: NetworkShapeError("parameter 1 is nan, not a finite number")) {
            try Sequential(layers: layers, parameters: [0, .nan, 0])
        }
    }

    @Test("Built-in layers save as JSON and load back to the same network; a program's own layer is refused when saving")
    func jsonRoundTrip() throws {
        var generator = RandomGenerator(seed: 41)
        let network = try Sequential(layers: [RecurrentShape(cell: .lstm, inputSize: 3, hiddenSize: 4),
                                              DenseLayer(inputs: 4, outputs: 2, activation: .fastTanh)], generator: &generator)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(network)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix(
            #"{"layers":[{"hidden_size":4,"input_size":3,"kind":"lstm"},{"activation":"\#(Activation.fastTanh.rawValue)","inputs":4,"kind":"dense","outputs":2}],"parameters":["#))
        let decoded = try JSONDecoder().decode(Sequential.self, from: data)
        #expect(decoded.parameters == network.parameters)
        #expect(decoded.layers.compactMap(LayerDescription.init) == network.layers.compactMap(LayerDescription.init))
        #expect(decoded.layers.count == 2)
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(try Self.mixedNetwork(seed: 1)) }
    }

    @Test("A damaged network file is a DecodingError: unknown kind, sizes, chaining, count, values", arguments: [
        #"{"layers": [{"kind": "conv", "inputs": 2, "outputs": 1, "activation": "relu"}], "parameters": [0, 0, 0]}"#,
        #"{"layers": [{"kind": "dense", "inputs": 0, "outputs": 1, "activation": "relu"}], "parameters": [0]}"#,
        #"{"layers": [{"kind": "gru", "input_size": 2, "hidden_size": 70000}], "parameters": []}"#,
        #"{"layers": [{"kind": "dense", "inputs": 2, "outputs": 3, "activation": "relu"}, {"kind": "dense", "inputs": 2, "outputs": 1, "activation": "identity"}], "parameters": []}"#,
        #"{"layers": [{"kind": "dense", "inputs": 2, "outputs": 1, "activation": "relu"}], "parameters": [0, 0]}"#,
        #"{"layers": [{"kind": "dense", "inputs": 2, "outputs": 1, "activation": "relu"}], "parameters": [0, 1e39, 0]}"#,
        #"{"layers": [], "parameters": []}"#,
    ])
    func damagedJSON(text: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Sequential.self, from: Data(text.utf8)) }
    }

    @Test("With a maximum gradient norm, the update uses gradients clipped to it")
    func gradientClipping() throws {
        var generator = RandomGenerator(seed: 43)
        let network = try Sequential(layers: [DenseLayer(inputs: 3, outputs: 4, activation: .tanh), DenseLayer(inputs: 4, outputs: 1)],
                                     generator: &generator)
        let model = TrainableSequential(network, capacity: 8, optimizer: .init(), maximumGradientNorm: 0.01)
        let input = generator.floats(8 * 3)
        model.forward(input, time: 1, batch: 8, initialState: nil, episodeStarts: nil)
        model.backward(outputGradient: [Float](repeating: 100, count: 8))
        #expect(ParameterVector.norm(model.gradients, count: model.gradients.count) > 1)
        #expect(model.applyGradients())
        #expect(abs(ParameterVector.norm(model.gradients, count: model.gradients.count) - 0.01) <= 1e-4)
    }

    @Test("one dense layer made from an MLP (with a hidden activation it never uses) and from the layer itself share workspaces")
    func equivalentDenseNetworksShareWorkspaces() throws {
        var generator = RandomGenerator(seed: 12)
        let mlp = MLP(architecture: .init(inputSize: 3, hiddenSizes: [], outputSize: 2, hiddenActivation: .tanh), generator: &generator)
        let fromMLP = Sequential(mlp)
        let fromLayer = try Sequential(layers: [DenseLayer(inputs: 3, outputs: 2)], parameters: mlp.parameters)
        #expect(fromMLP.denseArchitecture != fromLayer.denseArchitecture)
        let workspace = SequentialWorkspace(fromLayer, capacity: 2)
        let input: [Float] = [0.5, -1, 2, 0.25, 0.75, -0.5]
        let outputs = { (network: Sequential) in
            Array(UnsafeBufferPointer(start: network.forward(input, time: 1, batch: 2, initialState: nil, episodeStarts: nil,
                                                             workspace: workspace), count: 4))
        }
        #expect(outputs(fromMLP).map(\.bitPattern) == outputs(fromLayer).map(\.bitPattern))
    }
}
