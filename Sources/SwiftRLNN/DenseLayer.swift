/// One dense layer of an ``MLP``: `y = activation(x · W + b)`, where it lies in the network's flat
/// parameter vector, and how it is stored in PyTorch's layout.
///
/// SwiftRL keeps `W` as a row-major `inputs × outputs` matrix followed by `b`; PyTorch's
/// `torch.nn.Linear` keeps `weight` as `[outputs, inputs]` and `bias` as `[outputs]`. In a
/// `torch.nn.Sequential` that alternates `Linear` and activation modules, dense layer `i` is module
/// `2i`, so its tensors are named `PREFIX.{2i}.weight` and `PREFIX.{2i}.bias`.
public struct DenseLayer: Sendable, Hashable {
    /// The layer's position in its network (0 is the first).
    public let index: Int
    /// Input features.
    public let inputs: Int
    /// Output features.
    public let outputs: Int
    /// The activation after the layer.
    public let activation: Activation
    /// Where the weights start in the flat parameter vector; the biases follow them.
    public let parameterOffset: Int

    /// Weights and biases.
    public var parameterCount: Int { (inputs + 1) * outputs }
    /// The index of the layer's `Linear` module in a PyTorch `Sequential` with activation modules between.
    public var moduleIndex: Int { 2 * index }

    /// The layer's weight (`[outputs, inputs]`, transposed from SwiftRL's layout) and bias out of
    /// `values`: the network's flat parameters, or any vector laid out like them (Adam's moments).
    public func pytorchTensors(of values: [Float]) -> (weight: [Float], bias: [Float]) {
        precondition(values.count >= parameterOffset + parameterCount, "a vector too short for layer \(index)")
        var weight = [Float](repeating: 0, count: inputs * outputs)
        for input in 0..<inputs {
            for output in 0..<outputs { weight[output * inputs + input] = values[parameterOffset + input * outputs + output] }
        }
        let biasStart = parameterOffset + inputs * outputs
        return (weight, Array(values[biasStart..<(biasStart + outputs)]))
    }

    /// Writes a PyTorch-layout weight (`[outputs, inputs]`) and bias into `values` at this layer's place.
    public func assign(weight: [Float], bias: [Float], into values: inout [Float]) {
        precondition(weight.count == inputs * outputs && bias.count == outputs && values.count >= parameterOffset + parameterCount,
                     "tensors of another shape for layer \(index)")
        for input in 0..<inputs {
            for output in 0..<outputs { values[parameterOffset + input * outputs + output] = weight[output * inputs + input] }
        }
        let biasStart = parameterOffset + inputs * outputs
        for output in 0..<outputs { values[biasStart + output] = bias[output] }
    }
}

extension MLPArchitecture {
    /// The network's dense layers, input first.
    public var layers: [DenseLayer] {
        (0..<layerCount).map { layer in
            DenseLayer(index: layer, inputs: width(at: layer), outputs: width(at: layer + 1),
                       activation: activation(ofLayer: layer), parameterOffset: weightOffset(ofLayer: layer))
        }
    }
}
