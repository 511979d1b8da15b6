/// What a ``DenseLayer``'s pass in a ``Sequential`` caches: its inputs, outputs and δ, sized once
/// for a number of rows.
public final class DenseWorkspace: @unchecked Sendable {
    /// The most rows a pass may have.
    public let capacity: Int
    /// Rows in the cached pass.
    public internal(set) var rows = 0
    /// The pass's inputs, `rows × inputs` (copied: the caller's buffer may change before the backward pass).
    let inputs: UnsafeMutablePointer<Float>
    /// The pass's outputs, `rows × outputs`.
    let outputs: UnsafeMutablePointer<Float>
    /// ∂loss/∂(pre-activation output) of the last backward pass.
    let deltas: UnsafeMutablePointer<Float>
    /// Wᵀ, for the input gradient.
    let transposedWeights: UnsafeMutablePointer<Float>
    /// `capacity` ones, whose product with δ sums its columns (the bias gradient).
    let ones: UnsafeMutablePointer<Float>

    init(layer: DenseLayer, capacity: Int) {
        precondition(capacity > 0, "DenseWorkspace capacity must be positive, got \(capacity)")
        self.capacity = capacity
        inputs = .allocateZeroed(capacity * layer.inputs)
        outputs = .allocateZeroed(capacity * layer.outputs)
        deltas = .allocateZeroed(capacity * layer.outputs)
        transposedWeights = .allocateZeroed(layer.inputs * layer.outputs)
        ones = .allocate(capacity: capacity)
        ones.initialize(repeating: 1, count: capacity)
    }

    deinit {
        [inputs, outputs, deltas, transposedWeights, ones].forEach { $0.deallocate() }
    }
}
