/// Caller-owned scratch memory for an MLP's forward and backward passes, sized once for a maximum
/// batch so that training allocates nothing per step.
///
/// A workspace caches the last forward pass (its input and every layer's output); `backward` reads
/// that cache. Use one workspace per pass in flight: two threads never share one.
public final class MLPWorkspace: @unchecked Sendable {
    /// The architecture it was sized for.
    public let architecture: MLPArchitecture
    /// The largest batch it holds.
    public let capacity: Int
    /// Rows in the cached forward pass.
    public internal(set) var batchSize = 0

    /// Layer activations: index 0 is the copied input, index l + 1 dense layer l's output.
    let activations: [UnsafeMutablePointer<Float>]
    /// Two buffers that hold the backpropagated gradient, alternating layer by layer.
    let gradientBuffers: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)
    /// Room for one transposed weight matrix.
    let transposedWeights: UnsafeMutablePointer<Float>

    /// Allocates buffers for batches of up to `capacity` rows.
    public init(architecture: MLPArchitecture, capacity: Int) {
        precondition(capacity > 0, "MLPWorkspace capacity must be positive, got \(capacity)")
        self.architecture = architecture
        self.capacity = capacity
        activations = architecture.layerSizes.map { size in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: capacity * size)
            buffer.initialize(repeating: 0, count: capacity * size)
            return buffer
        }
        let width = architecture.maximumWidth
        func zeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0, count: count)
            return buffer
        }
        gradientBuffers = (zeroed(capacity * width), zeroed(capacity * width))
        transposedWeights = zeroed(width * width)
    }

    deinit {
        activations.forEach { $0.deallocate() }
        gradientBuffers.0.deallocate()
        gradientBuffers.1.deallocate()
        transposedWeights.deallocate()
    }

    /// The cached network output: `batchSize × outputSize` values, row-major.
    public var output: UnsafePointer<Float> { UnsafePointer(activations[activations.count - 1]) }

    /// The cached output as an array (allocates; for tests and inspection).
    public var outputArray: [Float] {
        Array(UnsafeBufferPointer(start: output, count: batchSize * architecture.outputSize))
    }
}
