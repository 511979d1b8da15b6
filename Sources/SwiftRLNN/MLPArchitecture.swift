/// The shape of a multilayer perceptron: sizes, activations, and where each layer's parameters lie
/// in the flat parameter vector.
///
/// Parameters are stored layer by layer, each as a row-major `inputs × outputs` weight matrix
/// followed by `outputs` biases, so optimizers, Polyak averaging and checkpoints see one vector.
public struct MLPArchitecture: Sendable, Hashable, Codable {
    /// Input features.
    public var inputSize: Int
    /// Widths of the hidden layers, in order.
    public var hiddenSizes: [Int]
    /// Output features.
    public var outputSize: Int
    /// Activation after each hidden layer.
    public var hiddenActivation: Activation
    /// Activation after the output layer.
    public var outputActivation: Activation

    /// The widest layer an architecture may have (inputs and outputs included).
    public static let widthLimit = 1 << 20
    /// The most hidden layers an architecture may have.
    public static let hiddenLayerLimit = 256

    /// Creates an architecture; the sizes must already be valid (see ``validate()``).
    public init(
        inputSize: Int, hiddenSizes: [Int], outputSize: Int,
        hiddenActivation: Activation = .relu, outputActivation: Activation = .identity
    ) {
        precondition(inputSize > 0 && outputSize > 0, "MLP sizes must be positive: input \(inputSize), output \(outputSize)")
        precondition(hiddenSizes.allSatisfy { $0 > 0 }, "MLP hidden sizes must be positive: \(hiddenSizes)")
        self.inputSize = inputSize
        self.hiddenSizes = hiddenSizes
        self.outputSize = outputSize
        self.hiddenActivation = hiddenActivation
        self.outputActivation = outputActivation
    }

    /// Creates an architecture from sizes given by a user or read from a file, checking them.
    /// - Throws: ``NetworkShapeError`` as ``validate()``.
    public init(validatingInputSize inputSize: Int, hiddenSizes: [Int], outputSize: Int,
                hiddenActivation: Activation = .relu, outputActivation: Activation = .identity) throws(NetworkShapeError) {
        try Self.validate(inputSize: inputSize, hiddenSizes: hiddenSizes, outputSize: outputSize)
        self.init(inputSize: inputSize, hiddenSizes: hiddenSizes, outputSize: outputSize,
                  hiddenActivation: hiddenActivation, outputActivation: outputActivation)
    }

    /// Decodes an architecture and checks it as ``validate()`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let inputSize = try container.decode(Int.self, forKey: .inputSize)
        let hiddenSizes = try container.decode([Int].self, forKey: .hiddenSizes)
        let outputSize = try container.decode(Int.self, forKey: .outputSize)
        do {
            try Self.validate(inputSize: inputSize, hiddenSizes: hiddenSizes, outputSize: outputSize)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
        self.init(inputSize: inputSize, hiddenSizes: hiddenSizes, outputSize: outputSize,
                  hiddenActivation: try container.decode(Activation.self, forKey: .hiddenActivation),
                  outputActivation: try container.decode(Activation.self, forKey: .outputActivation))
    }

    /// Checks that every size is in 1...``widthLimit``, that there are at most
    /// ``hiddenLayerLimit`` hidden layers, and that the parameter count fits in an `Int`.
    public func validate() throws(NetworkShapeError) {
        try Self.validate(inputSize: inputSize, hiddenSizes: hiddenSizes, outputSize: outputSize)
    }

    private static func validate(inputSize: Int, hiddenSizes: [Int], outputSize: Int) throws(NetworkShapeError) {
        guard hiddenSizes.count <= hiddenLayerLimit else {
            throw NetworkShapeError("\(hiddenSizes.count) hidden layers; at most \(hiddenLayerLimit) are allowed")
        }
        for (name, size) in [("input size", inputSize), ("output size", outputSize)] + hiddenSizes.map({ ("hidden size", $0) })
        where !(1...widthLimit).contains(size) {
            throw NetworkShapeError("\(name) \(size) is outside 1...\(widthLimit)")
        }
        let sizes = [inputSize] + hiddenSizes + [outputSize]
        guard checkedParameterCount(layerSizes: sizes) != nil else {
            throw NetworkShapeError("layer sizes \(sizes) have more parameters than can be counted")
        }
    }

    /// The weights and biases of a network with these activation sizes, or nil when the count
    /// overflows an `Int`.
    public static func checkedParameterCount(layerSizes sizes: [Int]) -> Int? {
        var total = 0
        for (inputs, outputs) in zip(sizes, sizes.dropFirst()) {
            let (withBias, overflow1) = inputs.addingReportingOverflow(1)
            let (layer, overflow2) = withBias.multipliedReportingOverflow(by: outputs)
            let (sum, overflow3) = total.addingReportingOverflow(layer)
            guard !overflow1 && !overflow2 && !overflow3 else { return nil }
            total = sum
        }
        return total
    }

    /// Sizes of all layers' activations, input first: `[input] + hidden + [output]` (allocates; hot
    /// code uses ``width(at:)``).
    public var layerSizes: [Int] { (0...layerCount).map(width(at:)) }

    /// The width of activation `index`: 0 is the input, `layerCount` the output.
    @inline(__always)
    public func width(at index: Int) -> Int {
        index == 0 ? inputSize : index == layerCount ? outputSize : hiddenSizes[index - 1]
    }

    /// Number of dense layers.
    public var layerCount: Int { hiddenSizes.count + 1 }

    /// The activation after dense layer `layer` (0-based).
    public func activation(ofLayer layer: Int) -> Activation {
        layer == layerCount - 1 ? outputActivation : hiddenActivation
    }

    /// Offset of dense layer `layer`'s weights in the parameter vector; its biases follow them.
    public func weightOffset(ofLayer layer: Int) -> Int {
        var offset = 0
        for index in 0..<layer { offset += (width(at: index) + 1) * width(at: index + 1) }
        return offset
    }

    /// Whether `other` has the same layers: sizes and activations (the hidden activation of a
    /// network without hidden layers is never used, so it is not compared).
    public func hasSameLayers(as other: MLPArchitecture) -> Bool {
        inputSize == other.inputSize && hiddenSizes == other.hiddenSizes && outputSize == other.outputSize
            && outputActivation == other.outputActivation && (hiddenSizes.isEmpty || hiddenActivation == other.hiddenActivation)
    }

    /// Total number of weights and biases.
    public var parameterCount: Int { weightOffset(ofLayer: layerCount) }

    /// The widest layer, input and output included.
    public var maximumWidth: Int { layerSizes.max()! }
}
