import SwiftRLNN

extension SafeTensors {
    /// Adds `values` (a network's parameters, or any vector laid out like them) under PyTorch's names
    /// and layouts, as ``SwiftRLNN/Sequential/pytorchTensors(of:prefix:)`` gives them: a file that
    /// `torch.nn.Module.load_state_dict` reads after stripping `PREFIX.`.
    public mutating func add(_ network: Sequential, values: [Float], prefix: String) {
        for tensor in network.pytorchTensors(of: values, prefix: prefix) {
            tensors[tensor.name] = .init(tensor.values, shape: tensor.shape)
        }
    }

    /// The flat vector of `network`'s layers from tensors written by ``add(_:values:prefix:)`` (or by PyTorch).
    /// - Throws: ``SwiftRLNN/NetworkShapeError`` naming a tensor that is missing, not float32, or of another shape.
    public func vector(of network: Sequential, prefix: String) throws(NetworkShapeError) -> [Float] {
        try network.vector(fromPyTorch: { name in
            guard let tensor = tensors[name] else { return nil }
            guard let values = tensor.floats else { return (tensor.shape, []) }
            return (tensor.shape, values)
        }, prefix: prefix)
    }
}
