/// PyTorch's names and layout for a one-layer `torch.nn.LSTM` or `torch.nn.GRU`: `weight_ih_l0`
/// `[G·H, inputs]`, `weight_hh_l0` `[G·H, H]`, `bias_ih_l0` and `bias_hh_l0` `[G·H]`.
extension RecurrentShape {
    /// The tensor names PyTorch gives this layer's parameters, in ``pytorchTensors(of:)``'s order.
    public static let pytorchTensorNames = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]

    /// The shapes of those tensors.
    public var pytorchTensorShapes: [[Int]] {
        [[gateWidth, inputSize], [gateWidth, hiddenSize], [gateWidth], [gateWidth]]
    }

    /// The four tensors in PyTorch's layout out of `values` (``parameterCount`` of them): the layer's
    /// parameters, or any vector laid out like them (Adam's moments).
    public func pytorchTensors(of values: UnsafePointer<Float>) -> [[Float]] {
        [
            Self.transposed(values, rows: inputSize, columns: gateWidth),
            Self.transposed(values + hiddenWeightOffset, rows: hiddenSize, columns: gateWidth),
            Array(UnsafeBufferPointer(start: values + inputBiasOffset, count: gateWidth)),
            Array(UnsafeBufferPointer(start: values + hiddenBiasOffset, count: gateWidth)),
        ]
    }

    /// The layer's parameters from tensors in PyTorch's layout (``pytorchTensors(of:)``'s inverse).
    public func parameters(fromPyTorch tensors: [[Float]]) -> [Float] {
        precondition(tensors.map(\.count) == pytorchTensorShapes.map { $0.reduce(1, *) },
                     "tensors of another shape for a recurrent layer")
        return Self.transposed(tensors[0], rows: gateWidth, columns: inputSize)
            + Self.transposed(tensors[1], rows: gateWidth, columns: hiddenSize) + tensors[2] + tensors[3]
    }

    /// The transpose of the row-major `rows × columns` matrix at `values`.
    private static func transposed(_ values: UnsafePointer<Float>, rows: Int, columns: Int) -> [Float] {
        var result = [Float](repeating: 0, count: rows * columns)
        for row in 0..<rows {
            for column in 0..<columns { result[column * rows + row] = values[row * columns + column] }
        }
        return result
    }
}
