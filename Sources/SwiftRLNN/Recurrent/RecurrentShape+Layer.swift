import SwiftRLCore

extension RecurrentShape: Layer {
    public var outputSize: Int { hiddenSize }

    /// PyTorch's initialization: every weight and bias uniform in ±1/√H, drawn in the order they are
    /// stored (``RecurrentLayer/init(shape:generator:)`` draws the same values).
    public func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        let bound = 1 / Float(hiddenSize).squareRoot()
        for index in 0..<parameterCount { parameters[index] = generator.uniform(-bound, bound) }
    }

    public func makeWorkspace(capacity: Int) -> RecurrentWorkspace { RecurrentWorkspace(shape: self, capacity: capacity) }

    public func outputs(of workspace: RecurrentWorkspace) -> UnsafePointer<Float> { workspace.outputs }

    public func finalState(of workspace: RecurrentWorkspace) -> UnsafePointer<Float>? { workspace.finalState }

    public func backward(outputGradient: UnsafePointer<Float>, parameters: UnsafePointer<Float>,
                         workspace: RecurrentWorkspace, parameterGradients: UnsafeMutablePointer<Float>?,
                         inputGradient: UnsafeMutablePointer<Float>?, pool: ThreadPool?) {
        backward(outputGradient: outputGradient, parameters: parameters, workspace: workspace,
                 parameterGradients: parameterGradients, inputGradient: inputGradient, initialStateGradient: nil, pool: pool)
    }

    public var pytorchTensorLayout: [(name: String, shape: [Int])] {
        Array(zip(Self.pytorchTensorNames, pytorchTensorShapes))
    }

    public func assign(pytorchTensors tensors: [[Float]], into values: UnsafeMutablePointer<Float>) {
        values.update(from: parameters(fromPyTorch: tensors), count: parameterCount)
    }

    /// The step function `PREFIX_layerLAYER_step(state, x, features)` over a state of `h` then an
    /// LSTM's `c` (see ``cStepFunction(name:stateType:hidden:cell:inputWeights:hiddenWeights:inputBias:hiddenBias:)``).
    public func cFunctions(prefix: String, layer: Int, parameters: String) -> String {
        cStepFunction(name: "\(prefix)_layer\(layer)_step", stateType: "float", hidden: "state",
                      cell: "(state + \(hiddenSize))", inputWeights: "(\(parameters))",
                      hiddenWeights: "((\(parameters)) + \(hiddenWeightOffset))",
                      inputBias: "((\(parameters)) + \(inputBiasOffset))", hiddenBias: "((\(parameters)) + \(hiddenBiasOffset))")
    }

    public func cStatements(prefix: String, layer: Int, input: String, output: String, parameters: String,
                            state: String) -> String {
        "    \(prefix)_layer\(layer)_step(\(state), \(input), \(output));\n"
    }
}
