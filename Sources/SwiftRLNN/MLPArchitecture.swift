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

    /// Creates an architecture.
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

    /// Total number of weights and biases.
    public var parameterCount: Int { weightOffset(ofLayer: layerCount) }

    /// The widest layer, input and output included.
    public var maximumWidth: Int { layerSizes.max()! }
}
