extension DenseLayer {
    /// The product kernel SwiftRL's forward pass takes for this layer with one row.
    public var productKernel: CKernel { isDeployedNarrow ? .denseNarrow : .denseWide }

    /// The C kernels this layer's statements call.
    public var cKernels: [CKernel] { [productKernel] + (CKernel(activation).map { [$0] } ?? []) }

    /// The C statements that compute the layer for one row, bit-identical to SwiftRL's forward pass:
    /// `output = activation(input · W + b)`, with the weights and biases in the header's arrays
    /// `PREFIX_weights` (`inputs × outputs`, row-major, as SwiftRL stores them) and `PREFIX_biases`.
    /// - Parameters:
    ///   - input, output: the C expressions of the input and output arrays.
    ///   - weights, biases: the names of the arrays, prefix included.
    public func cStatements(prefix p: String, input: String, output: String, weights: String, biases: String) -> String {
        var text = "    \(p)_\(productKernel.name)(\(input), \(weights), \(biases), \(output), \(inputs), \(outputs));\n"
        if let kernel = CKernel(activation) { text += "    \(p)_\(kernel.name)(\(output), \(outputs));\n" }
        return text
    }
}
