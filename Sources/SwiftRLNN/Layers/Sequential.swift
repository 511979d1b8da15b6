import SwiftRLCore

/// Layers applied one after the other, their parameters slices of one flat vector: PyTorch's
/// `torch.nn.Sequential`, for any ``Layer``s, recurrent ones included.
///
/// ```swift
/// var generator = RandomGenerator(seed: 1)
/// let network = try Sequential(layers: [
///     RecurrentShape(cell: .gru, inputSize: 3, hiddenSize: 32),
///     DenseLayer(inputs: 32, outputs: 64, activation: .tanh),
///     DenseLayer(inputs: 64, outputs: 1),
/// ], generator: &generator)
/// let workspace = SequentialWorkspace(network, capacity: 16 * 8)
/// let outputs = network.forward(inputs, time: 16, batch: 8, initialState: nil, episodeStarts: nil, workspace: workspace)
/// ```
///
/// The recurrent state of a batch of `B` sequences is laid out layer by layer: the first stateful
/// layer's `B × stateWidth` values, then the next one's (``stateOffset(ofLayer:batch:)``). One
/// sequence's state (`B` = 1) is therefore each layer's state in turn.
public struct Sequential: Sendable {
    /// The layers, input first.
    public let layers: [any Layer]
    /// Every layer's parameters, layer after layer (``parameterOffset(ofLayer:)``).
    public var parameters: [Float]
    /// Where each layer's slice starts; the last entry is the parameter count.
    private let parameterOffsets: [Int]
    /// Where each layer's state starts in one sequence's state; the last entry is the state width.
    private let stateOffsets: [Int]
    /// The network as an ``MLP``'s shape when every layer is dense and the hidden layers share one
    /// activation (nil otherwise). Such a network trains on the MLP's fused passes, which give the
    /// same bits as the layers' own passes, faster.
    public let denseArchitecture: MLPArchitecture?

    /// The most parameters a network may have (2³¹, far above what a CPU trains).
    public static let parameterLimit = 1 << 31

    /// Creates a network with each layer's own initialization, drawn layer after layer.
    /// - Throws: ``NetworkShapeError`` when there is no layer, a layer is invalid, a layer's inputs
    ///   differ from the outputs of the layer before it, or there are more than ``parameterLimit`` parameters.
    public init(layers: [any Layer], generator: inout RandomGenerator) throws(NetworkShapeError) {
        let offsets = try Self.checkedOffsets(of: layers)
        var parameters = [Float](repeating: 0, count: offsets.last!)
        parameters.withUnsafeMutableBufferPointer { values in
            for (index, layer) in layers.enumerated() {
                layer.initializeParameters(values.baseAddress! + offsets[index], generator: &generator)
            }
        }
        self.layers = layers
        self.parameters = parameters
        parameterOffsets = offsets
        stateOffsets = Self.stateOffsets(of: layers)
        denseArchitecture = Self.denseArchitecture(of: layers)
    }

    /// The network of `mlp`'s dense layers, with its parameters (the same vector: an MLP's layout is
    /// a `Sequential`'s).
    public init(_ mlp: MLP) {
        layers = mlp.architecture.layers
        parameters = mlp.parameters
        parameterOffsets = (0...mlp.architecture.layerCount).map(mlp.architecture.weightOffset(ofLayer:))
        stateOffsets = Self.stateOffsets(of: layers)
        denseArchitecture = mlp.architecture.hiddenSizes.count <= MLPArchitecture.hiddenLayerLimit ? mlp.architecture : nil
    }

    /// Creates a network from parameters read from a file or given by a caller.
    /// - Throws: ``NetworkShapeError`` for layers as ``init(layers:generator:)``, a count other than
    ///   the layers' parameter count, or a value that is not finite.
    public init(layers: [any Layer], parameters: [Float]) throws(NetworkShapeError) {
        parameterOffsets = try Self.checkedOffsets(of: layers)
        guard parameters.count == parameterOffsets.last! else {
            throw NetworkShapeError("the layers need \(parameterOffsets.last!) parameters, found \(parameters.count)")
        }
        if let index = parameters.firstIndex(where: { !$0.isFinite }) {
            throw NetworkShapeError("parameter \(index) is \(parameters[index]), not a finite number")
        }
        self.layers = layers
        self.parameters = parameters
        stateOffsets = Self.stateOffsets(of: layers)
        denseArchitecture = Self.denseArchitecture(of: layers)
    }

    private static func stateOffsets(of layers: [any Layer]) -> [Int] {
        layers.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.stateWidth) }
    }

    /// The MLP shape of `layers` when they are all dense with one hidden activation, and within an MLP's limits.
    private static func denseArchitecture(of layers: [any Layer]) -> MLPArchitecture? {
        guard let dense = denseLayers(of: layers), dense.count - 1 <= MLPArchitecture.hiddenLayerLimit else { return nil }
        let hidden = dense.dropLast(), activation = hidden.first?.activation ?? .identity
        guard hidden.allSatisfy({ $0.activation == activation }) else { return nil }
        return MLPArchitecture(inputSize: dense[0].inputs, hiddenSizes: hidden.map(\.outputs), outputSize: dense[dense.count - 1].outputs,
                               hiddenActivation: activation, outputActivation: dense[dense.count - 1].activation)
    }

    private static func denseLayers(of layers: [any Layer]) -> [DenseLayer]? {
        let dense = layers.compactMap { $0 as? DenseLayer }
        return dense.count == layers.count ? dense : nil
    }

    /// The layers when every one is a ``DenseLayer`` (whatever their activations), else nil.
    public var denseLayers: [DenseLayer]? { Self.denseLayers(of: layers) }

    /// The network as an ``MLP`` when it is one (see ``denseArchitecture``).
    public var mlp: MLP? { denseArchitecture.map { MLP(architecture: $0, parameters: parameters) } }

    private static func checkedOffsets(of layers: [any Layer]) throws(NetworkShapeError) -> [Int] {
        guard !layers.isEmpty else { throw NetworkShapeError("a sequential network needs at least one layer") }
        var offsets = [0]
        for (index, layer) in layers.enumerated() {
            try layer.validate()
            if index > 0, layer.inputSize != layers[index - 1].outputSize {
                throw NetworkShapeError("layer \(index) takes \(layer.inputSize) inputs, but layer \(index - 1) "
                    + "gives \(layers[index - 1].outputSize) outputs")
            }
            let (total, overflow) = offsets.last!.addingReportingOverflow(layer.parameterCount)
            guard !overflow, total <= parameterLimit else {
                throw NetworkShapeError("more than \(parameterLimit) parameters")
            }
            offsets.append(total)
        }
        return offsets
    }

    /// Input features per row.
    public var inputSize: Int { layers[0].inputSize }
    /// Output features per row.
    public var outputSize: Int { layers[layers.count - 1].outputSize }
    /// Weights and biases of every layer.
    public var parameterCount: Int { parameterOffsets[layers.count] }
    /// Recurrent state per sequence, every layer's together.
    public var stateWidth: Int { stateOffsets[layers.count] }

    /// Where layer `layer`'s slice of the parameter vector starts.
    public func parameterOffset(ofLayer layer: Int) -> Int { parameterOffsets[layer] }

    /// Where layer `layer`'s state starts in the state of `batch` sequences.
    public func stateOffset(ofLayer layer: Int, batch: Int) -> Int { stateOffsets[layer] * batch }
}
