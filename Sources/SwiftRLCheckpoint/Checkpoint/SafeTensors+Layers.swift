import SwiftRLNN

extension SafeTensors {
    /// Adds a network's vector (its parameters, or a vector laid out like them) layer by layer in
    /// PyTorch's names and layout: `PREFIX.{2i}.weight{SUFFIX}` `[out, in]` and `PREFIX.{2i}.bias{SUFFIX}`.
    mutating func addLayers(of architecture: MLPArchitecture, values: [Float], prefix: String, suffix: String = "") {
        for layer in architecture.layers {
            let (weight, bias) = layer.pytorchTensors(of: values)
            tensors["\(prefix).\(layer.moduleIndex).weight\(suffix)"] = .init(weight, shape: [layer.outputs, layer.inputs])
            tensors["\(prefix).\(layer.moduleIndex).bias\(suffix)"] = .init(bias)
        }
    }

    /// Reassembles a network's flat vector from ``addLayers(of:values:prefix:suffix:)``'s tensors;
    /// nil when one is missing, not F32, or of another shape. Every tensor is checked before the
    /// vector is allocated, so an architecture that disagrees with the file allocates nothing.
    func layers(of architecture: MLPArchitecture, prefix: String, suffix: String = "") -> [Float]? {
        var found = [(layer: DenseLayer, weight: [Float], bias: [Float])]()
        for layer in architecture.layers {
            guard let weight = tensors["\(prefix).\(layer.moduleIndex).weight\(suffix)"],
                  weight.shape == [layer.outputs, layer.inputs], let weightValues = weight.floats,
                  let bias = tensors["\(prefix).\(layer.moduleIndex).bias\(suffix)"], bias.shape == [layer.outputs],
                  let biasValues = bias.floats else { return nil }
            found.append((layer, weightValues, biasValues))
        }
        var values = [Float](repeating: 0, count: architecture.parameterCount)
        for (layer, weight, bias) in found { layer.assign(weight: weight, bias: bias, into: &values) }
        return values
    }
}
