import SwiftRLCore

/// An MLP with everything training adds: a workspace for a batch, parameter gradients and Adam.
///
/// ```swift
/// let critic = TrainableMLP(architecture: shape, batchCapacity: 100, optimizer: .init(), generator: &generator)
/// critic.forward(inputs, batchSize: 100)
/// critic.backward(outputGradient: lossGradient)      // fills critic.gradients
/// critic.applyGradients()                            // one Adam step
/// ```
public final class TrainableMLP: Trainable, @unchecked Sendable {
    /// The network being trained.
    public var network: MLP
    /// Activations of the last forward pass.
    public let workspace: MLPWorkspace
    /// ∂loss/∂parameters from the last backward pass.
    public var gradients: [Float]
    /// The optimizer and its moments.
    public var optimizer: Adam
    /// Clip the gradient norm to this before each update (nil: no clipping).
    public var maximumGradientNorm: Float?

    /// Creates a freshly initialized network.
    public init(
        architecture: MLPArchitecture, batchCapacity: Int, optimizer: AdamConfiguration,
        maximumGradientNorm: Float? = nil, generator: inout RandomGenerator
    ) {
        network = MLP(architecture: architecture, generator: &generator)
        workspace = MLPWorkspace(architecture: architecture, capacity: batchCapacity)
        gradients = [Float](repeating: 0, count: architecture.parameterCount)
        self.optimizer = Adam(parameterCount: architecture.parameterCount, configuration: optimizer)
        self.maximumGradientNorm = maximumGradientNorm
    }

    /// The architecture.
    public var architecture: MLPArchitecture { network.architecture }

    /// Runs a batch forward, caching activations; the result is `workspace.output`.
    /// - Parameter pool: splits the rows between its threads when given.
    @discardableResult
    public func forward(_ input: UnsafePointer<Float>, batchSize: Int, pool: ThreadPool? = nil) -> UnsafePointer<Float> {
        network.forward(input, batchSize: batchSize, workspace: workspace, pool: pool)
        return workspace.output
    }

    /// Backpropagates the last forward pass: fills ``gradients`` when `parameterGradients` is true
    /// and `inputGradient` (its `inputColumns`, all by default) when given.
    /// - Parameter pool: shares the work between its threads when given.
    public func backward(
        outputGradient: UnsafePointer<Float>, parameterGradients: Bool = true,
        inputGradient: UnsafeMutablePointer<Float>? = nil, inputColumns: Range<Int>? = nil, pool: ThreadPool? = nil
    ) {
        if parameterGradients {
            gradients.withUnsafeMutableBufferPointer { g in
                network.backward(outputGradient: outputGradient, workspace: workspace,
                                 parameterGradients: g.baseAddress!, inputGradient: inputGradient,
                                 inputColumns: inputColumns, pool: pool)
            }
        } else {
            network.backward(outputGradient: outputGradient, workspace: workspace,
                             parameterGradients: nil, inputGradient: inputGradient, inputColumns: inputColumns,
                             pool: pool)
        }
    }

    /// Clips (if configured) and applies the current gradients with one Adam step, unless a
    /// gradient is NaN or infinite: the weights are then left as they are.
    /// - Returns: whether the step was applied (every gradient finite).
    @discardableResult
    public func applyGradients() -> Bool {
        adamStep(on: &network.parameters, maximumNorm: maximumGradientNorm)
    }
}
