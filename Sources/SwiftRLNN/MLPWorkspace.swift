import Synchronization

/// Caller-owned scratch memory for an MLP's forward and backward passes, sized once for a maximum
/// batch so that training allocates nothing per step.
///
/// A workspace caches the last forward pass (its input and every layer's output); `backward` reads
/// that cache. Use one workspace per pass in flight: two passes never share one. (One pass may
/// still use every thread of a ``SwiftRLCore/ThreadPool``; the workspace has room for that.)
public final class MLPWorkspace: @unchecked Sendable {
    /// The architecture it was sized for.
    public let architecture: MLPArchitecture
    /// The largest batch it holds.
    public let capacity: Int
    /// Rows in the cached forward pass.
    public internal(set) var batchSize = 0

    /// Layer activations: index 0 is the copied input, index l + 1 dense layer l's output.
    let activations: [UnsafeMutablePointer<Float>]
    /// Per dense layer, ∂loss/∂(pre-activation output) of the last backward pass.
    let deltas: [UnsafeMutablePointer<Float>]
    /// Each layer's transposed weight matrix at its parameter offset, for the backward pass.
    let transposedWeights: UnsafeMutablePointer<Float>
    /// `capacity` ones: the row vector whose product with δ sums its columns (bias gradients).
    let ones: UnsafeMutablePointer<Float>
    /// In a two-job backward pass, the lowest layer whose δ is written (published with release ordering).
    let lowestDeltaWritten = Atomic<Int>(0)

    /// Allocates buffers for batches of up to `capacity` rows.
    public init(architecture: MLPArchitecture, capacity: Int) {
        precondition(capacity > 0, "MLPWorkspace capacity must be positive, got \(capacity)")
        self.architecture = architecture
        self.capacity = capacity
        let sizes = architecture.layerSizes
        activations = sizes.map { .allocateZeroed(capacity * $0) }
        deltas = sizes.dropFirst().map { .allocateZeroed(capacity * $0) }
        transposedWeights = .allocateZeroed(architecture.parameterCount)
        ones = .allocate(capacity: capacity)
        ones.initialize(repeating: 1, count: capacity)
    }

    deinit {
        (activations + deltas + [transposedWeights, ones]).forEach { $0.deallocate() }
    }

    /// The cached network output: `batchSize × outputSize` values, row-major.
    public var output: UnsafePointer<Float> { UnsafePointer(activations[activations.count - 1]) }

    /// The cached output as an array (allocates; for tests and inspection).
    public var outputArray: [Float] {
        Array(UnsafeBufferPointer(start: output, count: batchSize * architecture.outputSize))
    }
}
