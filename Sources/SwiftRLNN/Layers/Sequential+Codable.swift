/// A ``Sequential`` of built-in layers saves as `{"layers": [LayerDescription…], "parameters": […]}`.
extension Sequential: Codable {
    private enum CodingKeys: String, CodingKey {
        case layers, parameters
    }

    /// Decodes a network and checks it as ``init(layers:parameters:)`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let descriptions = try container.decode([LayerDescription].self, forKey: .layers)
        let parameters = try container.decode([Float].self, forKey: .parameters)
        do {
            try self.init(layers: descriptions.map(\.layer), parameters: parameters)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes the network.
    /// - Throws: `EncodingError.invalidValue` when a layer is not a built-in one (see ``LayerDescription``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let descriptions = try layers.enumerated().map { index, layer in
            guard let description = LayerDescription(layer) else {
                throw EncodingError.invalidValue(layer, .init(codingPath: encoder.codingPath + [CodingKeys.layers],
                    debugDescription: "layer \(index) (\(type(of: layer))) is not a built-in layer; save its tensors instead"))
            }
            return description
        }
        try container.encode(descriptions, forKey: .layers)
        try container.encode(parameters, forKey: .parameters)
    }
}

extension Sequential {
    /// Whether `other` has the same layers and equal parameters. Built-in layers compare by their
    /// descriptions; a layer of a program's own by its type and sizes.
    public func hasSameLayersAndParameters(as other: Sequential) -> Bool {
        guard layers.count == other.layers.count, parameters == other.parameters else { return false }
        return zip(layers, other.layers).allSatisfy { mine, theirs in
            if let description = LayerDescription(mine) { return description == LayerDescription(theirs) }
            return type(of: mine) == type(of: theirs) && mine.inputSize == theirs.inputSize
                && mine.outputSize == theirs.outputSize && mine.parameterCount == theirs.parameterCount
                && mine.stateWidth == theirs.stateWidth
        }
    }
}
