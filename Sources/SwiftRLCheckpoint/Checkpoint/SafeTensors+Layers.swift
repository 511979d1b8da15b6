import SwiftRLNN

extension SafeTensors {
    /// Adds a network's vector (its parameters, or a vector laid out like them) layer by layer in
    /// PyTorch's names and layout: `PREFIX.{2i}.weight{SUFFIX}` `[out, in]` and `PREFIX.{2i}.bias{SUFFIX}`.
    package mutating func addLayers(of architecture: MLPArchitecture, values: [Float], prefix: String, suffix: String = "") {
        precondition(values.count >= architecture.parameterCount, "a vector too short for the network")
        for (index, layer) in architecture.layers.enumerated() {
            let (weight, bias) = values.withUnsafeBufferPointer {
                layer.pytorchWeightAndBias(of: $0.baseAddress! + architecture.weightOffset(ofLayer: index))
            }
            tensors["\(prefix).\(2 * index).weight\(suffix)"] = .init(weight, shape: [layer.outputs, layer.inputs])
            tensors["\(prefix).\(2 * index).bias\(suffix)"] = .init(bias)
        }
    }

    /// Adds a recurrent layer's vector in PyTorch's names and layout for a one-layer `nn.LSTM` or
    /// `nn.GRU`: `PREFIX.weight_ih_l0{SUFFIX}`, `PREFIX.weight_hh_l0{SUFFIX}`, `PREFIX.bias_ih_l0{SUFFIX}`
    /// and `PREFIX.bias_hh_l0{SUFFIX}`.
    mutating func addRecurrentLayer(_ shape: RecurrentShape, values: [Float], prefix: String, suffix: String = "") {
        for (index, tensor) in shape.pytorchTensors(of: values).enumerated() {
            tensors["\(prefix).\(RecurrentShape.pytorchTensorNames[index])\(suffix)"] =
                .init(tensor, shape: shape.pytorchTensorShapes[index])
        }
    }

    /// Reassembles a recurrent layer's flat vector from ``addRecurrentLayer(_:values:prefix:suffix:)``'s
    /// tensors; nil when one is missing, not F32, or of another shape.
    func recurrentLayer(_ shape: RecurrentShape, prefix: String, suffix: String = "") -> [Float]? {
        var found = [[Float]]()
        for (index, name) in RecurrentShape.pytorchTensorNames.enumerated() {
            guard let tensor = tensors["\(prefix).\(name)\(suffix)"], tensor.shape == shape.pytorchTensorShapes[index],
                  let values = tensor.floats else { return nil }
            found.append(values)
        }
        return shape.parameters(fromPyTorch: found)
    }

    /// Reassembles a network's flat vector from ``addLayers(of:values:prefix:suffix:)``'s tensors;
    /// nil when one is missing, not F32, or of another shape. Every tensor is checked before the
    /// vector is allocated, so an architecture that disagrees with the file allocates nothing.
    package func layers(of architecture: MLPArchitecture, prefix: String, suffix: String = "") -> [Float]? {
        var found = [(layer: DenseLayer, offset: Int, weight: [Float], bias: [Float])]()
        for (index, layer) in architecture.layers.enumerated() {
            guard let weight = tensors["\(prefix).\(2 * index).weight\(suffix)"],
                  weight.shape == [layer.outputs, layer.inputs], let weightValues = weight.floats,
                  let bias = tensors["\(prefix).\(2 * index).bias\(suffix)"], bias.shape == [layer.outputs],
                  let biasValues = bias.floats else { return nil }
            found.append((layer, architecture.weightOffset(ofLayer: index), weightValues, biasValues))
        }
        var values = [Float](repeating: 0, count: architecture.parameterCount)
        values.withUnsafeMutableBufferPointer { values in
            for (layer, offset, weight, bias) in found { layer.assign(weight: weight, bias: bias, into: values.baseAddress! + offset) }
        }
        return values
    }
}
