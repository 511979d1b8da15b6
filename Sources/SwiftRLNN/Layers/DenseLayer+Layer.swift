import SwiftRLCore

extension DenseLayer: Layer {
    public var inputSize: Int { inputs }
    public var outputSize: Int { outputs }

    /// PyTorch's default initialization: weights and biases uniform in ±1/√inputs, drawn in the
    /// order they are stored (``MLP/init(architecture:generator:)`` draws the same values).
    public func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        let bound = 1 / Float(inputs).squareRoot()
        for index in 0..<parameterCount { parameters[index] = generator.uniform(-bound, bound) }
    }

    public func makeWorkspace(capacity: Int) -> DenseWorkspace { DenseWorkspace(layer: self, capacity: capacity) }

    /// Computes every row as one batch (the state is ignored), rows divided between the pool's
    /// threads as in ``MLP/forward(_:batchSize:workspace:pool:)``.
    public func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, parameters: UnsafePointer<Float>,
                        initialState: UnsafePointer<Float>, episodeStarts: UnsafePointer<Bool>?,
                        workspace: DenseWorkspace, pool: ThreadPool?) {
        let rows = time * batch
        precondition(rows > 0 && rows <= workspace.capacity, "\(rows) rows outside the workspace's capacity \(workspace.capacity)")
        workspace.rows = rows
        workspace.inputs.update(from: input, count: rows * inputs)
        RowSplit.runOverBatchRows(rows, pool: pool) { _, part in
            forward(rows: part.count, input: workspace.inputs + part.lowerBound * inputs, parameters: parameters,
                    output: workspace.outputs + part.lowerBound * outputs)
        }
    }

    public func outputs(of workspace: DenseWorkspace) -> UnsafePointer<Float> { UnsafePointer(workspace.outputs) }

    /// δ = ∂loss/∂output ⊙ activation′ and the input gradient δ·Wᵀ by rows, then the weight
    /// gradient `Xᵀ·δ` by weight rows and the bias gradient, as in ``MLP/backward(outputGradient:workspace:parameterGradients:inputGradient:inputColumns:pool:)``.
    public func backward(outputGradient: UnsafePointer<Float>, parameters: UnsafePointer<Float>, workspace: DenseWorkspace,
                         parameterGradients: UnsafeMutablePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?,
                         pool: ThreadPool?) {
        let rows = workspace.rows
        precondition(rows > 0, "DenseLayer.backward needs a forward pass first")
        if inputGradient != nil {
            MatrixMultiply.transpose(parameters, rows: inputs, columns: outputs, into: workspace.transposedWeights)
        }
        RowSplit.runOverBatchRows(rows, pool: pool) { _, part in
            let deltas = workspace.deltas + part.lowerBound * outputs
            deltas.update(from: outputGradient + part.lowerBound * outputs, count: part.count * outputs)
            activation.multiplyByDerivative(deltas, outputs: workspace.outputs + part.lowerBound * outputs,
                                            count: part.count * outputs)
            guard let inputGradient else { return }
            MatrixMultiply.compute(m: part.count, n: inputs, k: outputs, a: deltas, aRowStride: outputs, aColumnStride: 1,
                                   b: workspace.transposedWeights, c: inputGradient + part.lowerBound * inputs,
                                   bias: nil, accumulate: false)
        }
        guard let parameterGradients else { return }
        RowSplit.runParts(rows: rows, pool: pool) { part, parts in
            let weightRows = RowSplit.weightRows(inputs, part: part, of: parts, owner: 0)
            writeWeightGradients(rows: weightRows, batch: rows, input: workspace.inputs, deltas: workspace.deltas,
                                 into: parameterGradients)
            if part == parts - 1 {
                writeBiasGradient(batch: rows, deltas: workspace.deltas, ones: workspace.ones, into: parameterGradients)
            }
        }
    }

    public func deployedStep(_ input: UnsafePointer<Float>, state: UnsafeMutablePointer<Float>,
                             parameters: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        deployedOutput(input, parameters: parameters, into: output)
    }

    /// A `Linear` module and its activation's module.
    public var pytorchModuleCount: Int { 2 }

    public var pytorchTensorLayout: [(name: String, shape: [Int])] { [("weight", [outputs, inputs]), ("bias", [outputs])] }

    public func pytorchTensors(of values: UnsafePointer<Float>) -> [[Float]] {
        let (weight, bias) = pytorchWeightAndBias(of: values)
        return [weight, bias]
    }

    public func assign(pytorchTensors tensors: [[Float]], into values: UnsafeMutablePointer<Float>) {
        assign(weight: tensors[0], bias: tensors[1], into: values)
    }

    public func cStatements(prefix: String, layer: Int, input: String, output: String, parameters: String,
                            state: String) -> String {
        cStatements(prefix: prefix, input: input, output: output, weights: "(\(parameters))",
                    biases: "(\(parameters)) + \(inputs * outputs)")
    }
}
