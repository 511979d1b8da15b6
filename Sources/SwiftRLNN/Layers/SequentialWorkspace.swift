/// Caller-owned scratch memory for a ``Sequential``'s passes of up to `capacity` rows (time ×
/// batch): each layer's workspace and the gradients passed between layers, or the MLP's workspace
/// for a network with a ``Sequential/denseArchitecture``. Use one per pass in flight.
public final class SequentialWorkspace: @unchecked Sendable {
    /// The most rows (time × batch) a pass may have.
    public let capacity: Int
    /// Steps and sequences in the cached forward pass.
    public internal(set) var time = 0
    public internal(set) var batch = 0
    /// Each layer's pass (none when the network runs on the MLP's passes).
    let passes: [any LayerPass]
    /// The MLP's workspace for a network with a ``Sequential/denseArchitecture``.
    let dense: MLPWorkspace?
    /// The sizes of the layers it was made for.
    private let shapes: [LayerSizes]
    /// ∂loss/∂(input of layer l), for l ≥ 1 (index l − 1), written by layer l's backward pass.
    let layerInputGradients: [UnsafeMutablePointer<Float>]
    /// A zero state, for a forward pass given none.
    let zeroState: UnsafeMutablePointer<Float>

    /// Allocates the workspaces of `network`'s layers for passes of up to `capacity` rows.
    public init(_ network: Sequential, capacity: Int) {
        precondition(capacity > 0, "SequentialWorkspace capacity must be positive, got \(capacity)")
        self.capacity = capacity
        dense = network.denseArchitecture.map { MLPWorkspace(architecture: $0, capacity: capacity) }
        shapes = network.layers.map(LayerSizes.init)
        let layers = dense == nil ? network.layers : []
        passes = layers.map { $0.makePass(capacity: capacity) }
        layerInputGradients = layers.dropFirst().map { .allocateZeroed(capacity * $0.inputSize) }
        zeroState = .allocateZeroed(max(1, capacity * network.stateWidth))
    }

    deinit {
        layerInputGradients.forEach { $0.deallocate() }
        zeroState.deallocate()
    }

    /// The outputs of the cached pass: `time × batch × outputSize` values.
    public var outputs: UnsafePointer<Float> { dense?.output ?? passes[passes.count - 1].outputs }

    /// Whether it was made for `network`.
    func fits(_ network: Sequential) -> Bool {
        if let dense { return network.denseArchitecture?.hasSameLayers(as: dense.architecture) ?? false }
        return shapes.count == network.layers.count && zip(shapes, network.layers).allSatisfy { $0 == LayerSizes($1) }
    }

    /// What a layer's buffers are sized by.
    private struct LayerSizes: Equatable {
        let inputs: Int, outputs: Int, state: Int, parameters: Int
        init(_ layer: any Layer) {
            (inputs, outputs, state, parameters) = (layer.inputSize, layer.outputSize, layer.stateWidth, layer.parameterCount)
        }
    }
}
