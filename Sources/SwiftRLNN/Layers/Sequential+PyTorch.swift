extension Sequential {
    /// A tensor named and laid out as in a PyTorch `state_dict`.
    public struct NamedTensor: Sendable, Hashable {
        /// The full name, such as `actor.0.weight`.
        public var name: String
        /// The shape, outermost first.
        public var shape: [Int]
        /// The values, row-major.
        public var values: [Float]
    }

    /// The `torch.nn.Sequential` module index of each layer (a dense layer takes two: its `Linear`
    /// and its activation).
    public var pytorchModuleIndices: [Int] {
        var next = 0
        return layers.map { layer in
            defer { next += layer.pytorchModuleCount }
            return next
        }
    }

    /// `values` (the parameters, or any vector laid out like them) as PyTorch names and lays them
    /// out: `PREFIX.MODULE.NAME` per layer, a dense layer's `weight` as `[out, in]`.
    public func pytorchTensors(of values: [Float], prefix: String) -> [NamedTensor] {
        precondition(values.count == parameterCount, "a vector of \(values.count) values for \(parameterCount) parameters")
        let modules = pytorchModuleIndices
        return values.withUnsafeBufferPointer { values in
            layers.indices.flatMap { index in
                let layer = layers[index]
                let tensors = layer.pytorchTensors(of: values.baseAddress! + parameterOffset(ofLayer: index))
                return zip(layer.pytorchTensorLayout, tensors).map { layout, tensor in
                    NamedTensor(name: "\(prefix).\(modules[index]).\(layout.name)", shape: layout.shape, values: tensor)
                }
            }
        }
    }

    /// The flat vector of ``pytorchTensors(of:prefix:)``'s tensors, looked up by name with
    /// `tensor(name)` (which gives its shape and float32 values, or nil when it is missing).
    /// - Throws: ``NetworkShapeError`` naming the first tensor that is missing, of another shape, or
    ///   with another number of values.
    public func vector(fromPyTorch tensor: (_ name: String) -> (shape: [Int], values: [Float])?,
                       prefix: String) throws(NetworkShapeError) -> [Float] {
        var found = [[[Float]]]()
        let modules = pytorchModuleIndices
        for (index, layer) in layers.enumerated() {
            var tensors = [[Float]]()
            for layout in layer.pytorchTensorLayout {
                let name = "\(prefix).\(modules[index]).\(layout.name)"
                guard let (shape, values) = tensor(name) else { throw NetworkShapeError("tensor '\(name)' is missing") }
                guard shape == layout.shape else {
                    throw NetworkShapeError("tensor '\(name)' has shape \(shape), expected \(layout.shape)")
                }
                guard values.count == shape.reduce(1, *) else {
                    throw NetworkShapeError("tensor '\(name)' does not hold \(shape.reduce(1, *)) float32 values")
                }
                tensors.append(values)
            }
            found.append(tensors)
        }
        var vector = [Float](repeating: 0, count: parameterCount)
        vector.withUnsafeMutableBufferPointer { vector in
            for (index, layer) in layers.enumerated() {
                layer.assign(pytorchTensors: found[index], into: vector.baseAddress! + parameterOffset(ofLayer: index))
            }
        }
        return vector
    }
}
