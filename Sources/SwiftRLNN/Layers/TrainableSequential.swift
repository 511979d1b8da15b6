import SwiftRLCore

/// A ``Sequential`` with what training adds: a workspace, gradients and Adam over its one flat vector.
///
/// ```swift
/// let model = TrainableSequential(network, capacity: 16 * 8, optimizer: .init())
/// let outputs = model.forward(inputs, time: 16, batch: 8, initialState: nil, episodeStarts: nil)
/// model.backward(outputGradient: lossGradient)     // fills model.gradients
/// model.applyGradients()                            // one Adam step
/// ```
public final class TrainableSequential: Trainable, @unchecked Sendable {
    /// The network being trained.
    public var network: Sequential
    /// The cache of the last forward pass.
    public let workspace: SequentialWorkspace
    /// ∂loss/∂parameters from the last backward pass.
    public var gradients: [Float]
    /// The optimizer and its moments.
    public var optimizer: Adam
    /// Clip the gradient norm to this before each update (nil: no clipping).
    public var maximumGradientNorm: Float?

    /// Wraps `network` for passes of up to `capacity` rows (time × batch).
    public init(_ network: Sequential, capacity: Int, optimizer: AdamConfiguration, maximumGradientNorm: Float? = nil) {
        self.network = network
        workspace = SequentialWorkspace(network, capacity: capacity)
        gradients = .init(repeating: 0, count: network.parameterCount)
        self.optimizer = Adam(parameterCount: network.parameterCount, configuration: optimizer)
        self.maximumGradientNorm = maximumGradientNorm
    }

    /// Runs sequences forward (see ``Sequential/forward(_:time:batch:initialState:episodeStarts:workspace:pool:)``).
    @discardableResult
    public func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, initialState: UnsafePointer<Float>?,
                        episodeStarts: UnsafePointer<Bool>?, pool: ThreadPool? = nil) -> UnsafePointer<Float> {
        network.forward(input, time: time, batch: batch, initialState: initialState, episodeStarts: episodeStarts,
                        workspace: workspace, pool: pool)
    }

    /// Backpropagates the last forward pass into ``gradients`` (and `inputGradient` when given).
    public func backward(outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>? = nil,
                         pool: ThreadPool? = nil) {
        gradients.withUnsafeMutableBufferPointer { g in
            network.backward(outputGradient: outputGradient, workspace: workspace, parameterGradients: g.baseAddress!,
                             inputGradient: inputGradient, pool: pool)
        }
    }

    /// Clips (if configured) and applies the current gradients with one Adam step unless one is NaN
    /// or infinite.
    /// - Returns: whether the step was applied.
    @discardableResult
    public func applyGradients() -> Bool {
        adamStep(on: &network.parameters, maximumNorm: maximumGradientNorm)
    }
}
