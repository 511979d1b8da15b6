import SwiftRLCore

/// A recurrent layer with what training adds: a workspace for sequences, gradients and Adam.
///
/// ```swift
/// let memory = TrainableRecurrentLayer(shape: shape, capacity: 16 * 32, optimizer: .init(), generator: &generator)
/// let features = memory.forward(inputs, time: 16, batch: 32, initialState: states, episodeStarts: starts)
/// memory.backward(outputGradient: featureGradients)     // fills memory.gradients
/// memory.applyGradients()
/// ```
public final class TrainableRecurrentLayer: Trainable, @unchecked Sendable {
    /// The layer being trained.
    public var layer: RecurrentLayer
    /// The cache of the last forward pass.
    public let workspace: RecurrentWorkspace
    /// ∂loss/∂parameters from the last backward pass.
    public var gradients: [Float]
    /// The optimizer and its moments.
    public var optimizer: Adam

    /// Creates a freshly initialized layer for passes of up to `capacity` rows (time × batch).
    public init(shape: RecurrentShape, capacity: Int, optimizer: AdamConfiguration, generator: inout RandomGenerator) {
        layer = RecurrentLayer(shape: shape, generator: &generator)
        workspace = RecurrentWorkspace(shape: shape, capacity: capacity)
        gradients = .init(repeating: 0, count: shape.parameterCount)
        self.optimizer = Adam(parameterCount: shape.parameterCount, configuration: optimizer)
    }

    /// The shape.
    public var shape: RecurrentShape { layer.shape }

    /// Runs sequences forward (see ``RecurrentLayer/forward(_:time:batch:initialState:episodeStarts:workspace:pool:)``),
    /// divided between the threads of `pool` when given; returns the outputs, `time × batch × hiddenSize`.
    @discardableResult
    public func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, initialState: UnsafePointer<Float>,
                        episodeStarts: UnsafePointer<Bool>?, pool: ThreadPool? = nil) -> UnsafePointer<Float> {
        layer.forward(input, time: time, batch: batch, initialState: initialState, episodeStarts: episodeStarts,
                      workspace: workspace, pool: pool)
        return workspace.outputs
    }

    /// Backpropagates the last forward pass through time into ``gradients`` (and `inputGradient` when
    /// given), divided between the threads of `pool` when given.
    public func backward(outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>? = nil,
                         pool: ThreadPool? = nil) {
        gradients.withUnsafeMutableBufferPointer { g in
            layer.backward(outputGradient: outputGradient, workspace: workspace, parameterGradients: g.baseAddress!,
                           inputGradient: inputGradient, pool: pool)
        }
    }

    /// Applies the current gradients with one Adam step unless one is NaN or infinite.
    /// - Returns: whether the step was applied.
    @discardableResult
    public func applyGradients() -> Bool {
        adamStep(on: &layer.parameters)
    }
}
