/// A built-in layer as a `Codable` value, which is how a ``Sequential`` of built-in layers is saved:
///
///     {"kind": "dense", "inputs": 32, "outputs": 64, "activation": "tanh"}
///     {"kind": "lstm", "input_size": 3, "hidden_size": 32}        (or "gru")
///
/// A program's own layers have no description: a network holding one is saved by its tensors
/// (``Sequential/pytorchTensors(of:prefix:)``) and rebuilt by the program, as in PyTorch.
public enum LayerDescription: Sendable, Hashable, Codable {
    /// A ``DenseLayer``.
    case dense(DenseLayer)
    /// An LSTM or GRU layer.
    case recurrent(RecurrentShape)

    /// The description of `layer`, or nil when it is not a built-in layer.
    public init?(_ layer: any Layer) {
        if let dense = layer as? DenseLayer {
            self = .dense(dense)
        } else if let recurrent = layer as? RecurrentShape {
            self = .recurrent(recurrent)
        } else {
            return nil
        }
    }

    /// The layer described.
    public var layer: any Layer {
        switch self {
        case .dense(let layer): layer
        case .recurrent(let shape): shape
        }
    }

    private enum CodingKeys: String, CodingKey {
        case kind, inputs, outputs, activation
        case inputSize = "input_size", hiddenSize = "hidden_size"
    }

    /// Decodes a description and checks its sizes as the layer's `validate()` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "dense":
            self = .dense(DenseLayer(inputs: try container.decode(Int.self, forKey: .inputs),
                                     outputs: try container.decode(Int.self, forKey: .outputs),
                                     activation: try container.decode(Activation.self, forKey: .activation)))
        default:
            guard let cell = RecurrentCell(rawValue: kind) else {
                throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription:
                    "unknown layer kind '\(kind)': one of dense, \(RecurrentCell.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = .recurrent(RecurrentShape(cell: cell, inputSize: try container.decode(Int.self, forKey: .inputSize),
                                             hiddenSize: try container.decode(Int.self, forKey: .hiddenSize)))
        }
        do {
            try layer.validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .dense(let layer):
            try container.encode("dense", forKey: .kind)
            try container.encode(layer.inputs, forKey: .inputs)
            try container.encode(layer.outputs, forKey: .outputs)
            try container.encode(layer.activation, forKey: .activation)
        case .recurrent(let shape):
            try container.encode(shape.cell.rawValue, forKey: .kind)
            try container.encode(shape.inputSize, forKey: .inputSize)
            try container.encode(shape.hiddenSize, forKey: .hiddenSize)
        }
    }
}
