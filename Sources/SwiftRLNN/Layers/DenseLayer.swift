import SwiftRLCore

/// A dense layer, `y = activation(x · W + b)`: the layer of an ``MLP``, and a ``Layer`` of a
/// ``Sequential``.
///
/// SwiftRL keeps `W` as a row-major `inputs × outputs` matrix followed by `b` in the layer's slice of
/// the parameter vector; PyTorch's `torch.nn.Linear` keeps `weight` as `[outputs, inputs]` and
/// `bias` as `[outputs]`. In a `torch.nn.Sequential`, the layer is a `Linear` module followed by its
/// activation's module (`nn.Identity` for none), so dense layer `i` of an MLP is module `2i`.
public struct DenseLayer: Sendable, Hashable {
    /// Input features.
    public let inputs: Int
    /// Output features.
    public let outputs: Int
    /// The activation after the product.
    public let activation: Activation

    /// A layer; see ``validate()`` for sizes from outside the program.
    public init(inputs: Int, outputs: Int, activation: Activation = .identity) {
        self.inputs = inputs
        self.outputs = outputs
        self.activation = activation
    }

    /// Weights and biases.
    public var parameterCount: Int { (inputs + 1) * outputs }

    /// Checks that both sizes lie in 1…``MLPArchitecture/widthLimit``.
    /// - Throws: ``NetworkShapeError`` naming the size out of range.
    public func validate() throws(NetworkShapeError) {
        for (name, size) in [("inputs", inputs), ("outputs", outputs)] where !(1...MLPArchitecture.widthLimit).contains(size) {
            throw NetworkShapeError("dense layer \(name) \(size) outside 1…\(MLPArchitecture.widthLimit)")
        }
    }

    /// The layer's weight (`[outputs, inputs]`, transposed from SwiftRL's layout) and bias out of
    /// `values`: the layer's parameters, or any vector laid out like them (Adam's moments).
    public func pytorchWeightAndBias(of values: UnsafePointer<Float>) -> (weight: [Float], bias: [Float]) {
        var weight = [Float](repeating: 0, count: inputs * outputs)
        for input in 0..<inputs {
            for output in 0..<outputs { weight[output * inputs + input] = values[input * outputs + output] }
        }
        return (weight, Array(UnsafeBufferPointer(start: values + inputs * outputs, count: outputs)))
    }

    /// Writes a PyTorch-layout weight (`[outputs, inputs]`) and bias into `values`, the layer's slice.
    public func assign(weight: [Float], bias: [Float], into values: UnsafeMutablePointer<Float>) {
        precondition(weight.count == inputs * outputs && bias.count == outputs, "tensors of another shape for a dense layer")
        for input in 0..<inputs {
            for output in 0..<outputs { values[input * outputs + output] = weight[output * inputs + input] }
        }
        (values + inputs * outputs).update(from: bias, count: outputs)
    }

    /// The forward pass of `rows` rows: `output = activation(input · W + b)`, with the activation
    /// fused into the product where the kernel has it (ReLU).
    /// - Parameters:
    ///   - input: `rows × inputs` values.
    ///   - parameters: the layer's slice of the parameter vector.
    ///   - output: receives `rows × outputs` values.
    func forward(rows: Int, input: UnsafePointer<Float>, parameters: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>) {
        MatrixMultiply.compute(
            m: rows, n: outputs, k: inputs, a: input, aRowStride: inputs, aColumnStride: 1,
            b: parameters, c: output, bias: parameters + inputs * outputs, accumulate: false,
            epilogue: activation == .relu ? .relu : .none)
        if activation != .relu { activation.apply(output, count: rows * outputs) }
    }

    /// Rows `weightRows` of the weight gradient `Xᵀ·δ` over a pass of `batch` rows.
    /// - Parameters:
    ///   - input: the pass's inputs `X`, `batch × inputs`.
    ///   - deltas: ∂loss/∂(pre-activation output), `batch × outputs`.
    ///   - gradients: the layer's slice of the gradient vector.
    func writeWeightGradients(rows weightRows: Range<Int>, batch: Int, input: UnsafePointer<Float>,
                              deltas: UnsafePointer<Float>, into gradients: UnsafeMutablePointer<Float>) {
        guard !weightRows.isEmpty else { return }
        MatrixMultiply.compute(
            m: weightRows.count, n: outputs, k: batch,
            a: input + weightRows.lowerBound, aRowStride: 1, aColumnStride: inputs,
            b: deltas, c: gradients + weightRows.lowerBound * outputs, bias: nil, accumulate: false)
    }

    /// The bias gradient `1ᵀ·δ` (each column summed in row order) over a pass of `batch` rows;
    /// `ones` holds at least `batch` ones.
    func writeBiasGradient(batch: Int, deltas: UnsafePointer<Float>, ones: UnsafePointer<Float>,
                           into gradients: UnsafeMutablePointer<Float>) {
        MatrixMultiply.compute(
            m: 1, n: outputs, k: batch, a: ones, aRowStride: batch, aColumnStride: 1,
            b: deltas, c: gradients + inputs * outputs, bias: nil, accumulate: false)
    }
}

extension MLPArchitecture {
    /// The network's dense layers, input first (layer `i` starts at ``weightOffset(ofLayer:)``).
    public var layers: [DenseLayer] { (0..<layerCount).map(layer) }

    /// Dense layer `layer` (0-based).
    func layer(_ layer: Int) -> DenseLayer {
        DenseLayer(inputs: width(at: layer), outputs: width(at: layer + 1), activation: activation(ofLayer: layer))
    }
}
