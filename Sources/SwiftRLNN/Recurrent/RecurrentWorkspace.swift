import SwiftRLCore

/// Caller-owned scratch memory for a ``RecurrentLayer``'s passes over sequences of up to `capacity`
/// steps in all (time × batch), sized once so that training allocates nothing per step.
///
/// A workspace caches the last forward pass (inputs, gates, states and outputs) for the backward
/// pass that follows it. Use one workspace per pass in flight.
public final class RecurrentWorkspace: @unchecked Sendable {
    /// The shape it was sized for.
    public let shape: RecurrentShape
    /// The most rows (time × batch) a pass may have.
    public let capacity: Int
    /// Steps in the cached forward pass.
    public internal(set) var time = 0
    /// Sequences in the cached forward pass.
    public internal(set) var batch = 0

    /// The inputs, `rows × inputSize`.
    let inputs: UnsafeMutablePointer<Float>
    /// Each row's gate activations, `rows × G·H` (for a GRU: `r`, `z`, `n`).
    let gates: UnsafeMutablePointer<Float>
    /// A GRU's `h·Wₕ + bₕ` per row (`rows × G·H`); unused by an LSTM.
    let hiddenProducts: UnsafeMutablePointer<Float>
    /// The hidden state each step started from (after any reset), `rows × H`.
    let previousHidden: UnsafeMutablePointer<Float>
    /// An LSTM's cell state each step started from, `rows × H`.
    let previousCells: UnsafeMutablePointer<Float>
    /// An LSTM's cell state after each step, and its tanh, `rows × H` each.
    let cells: UnsafeMutablePointer<Float>
    let cellTanh: UnsafeMutablePointer<Float>
    /// The hidden state after each step: the layer's output, `rows × H`.
    let hidden: UnsafeMutablePointer<Float>
    /// Where an episode starts, one flag per row.
    let episodeStarts: UnsafeMutablePointer<Bool>
    /// Each sequence's state after the last step, `batch × stateWidth`.
    let finalStates: UnsafeMutablePointer<Float>
    /// Backward pass: ∂loss/∂(gate preactivations) on the input side and (for a GRU) the hidden side.
    let gateGradients: UnsafeMutablePointer<Float>
    let hiddenGateGradients: UnsafeMutablePointer<Float>
    /// Backward pass: ∂loss/∂h and ∂loss/∂c carried to the previous step, `capacity × H` each.
    let hiddenGradient: UnsafeMutablePointer<Float>
    let cellGradient: UnsafeMutablePointer<Float>
    /// Wᵢᵀ and Wₕᵀ, for the backward products.
    let transposedInputWeights: UnsafeMutablePointer<Float>
    let transposedHiddenWeights: UnsafeMutablePointer<Float>
    /// `capacity` ones, whose product with a gradient sums its rows (bias gradients).
    let ones: UnsafeMutablePointer<Float>
    /// An LSTM's bᵢ + bₕ, the bias of its input products.
    let combinedBias: UnsafeMutablePointer<Float>

    /// Allocates buffers for passes of up to `capacity` rows.
    public init(shape: RecurrentShape, capacity: Int) {
        precondition(capacity > 0, "RecurrentWorkspace capacity must be positive, got \(capacity)")
        self.shape = shape
        self.capacity = capacity
        let h = shape.hiddenSize, g = shape.gateWidth
        inputs = .allocateZeroed(capacity * shape.inputSize)
        gates = .allocateZeroed(capacity * g)
        hiddenProducts = .allocateZeroed(shape.cell == .gru ? capacity * g : 1)
        previousHidden = .allocateZeroed(capacity * h)
        previousCells = .allocateZeroed(capacity * h)
        cells = .allocateZeroed(capacity * h)
        cellTanh = .allocateZeroed(capacity * h)
        hidden = .allocateZeroed(capacity * h)
        episodeStarts = .allocate(capacity: capacity)
        episodeStarts.initialize(repeating: false, count: capacity)
        finalStates = .allocateZeroed(capacity * shape.stateWidth)
        gateGradients = .allocateZeroed(capacity * g)
        hiddenGateGradients = .allocateZeroed(shape.cell == .gru ? capacity * g : 1)
        hiddenGradient = .allocateZeroed(capacity * h)
        cellGradient = .allocateZeroed(capacity * h)
        transposedInputWeights = .allocateZeroed(shape.inputSize * g)
        transposedHiddenWeights = .allocateZeroed(h * g)
        ones = .allocate(capacity: capacity)
        ones.initialize(repeating: 1, count: capacity)
        combinedBias = .allocateZeroed(g)
    }

    deinit {
        [inputs, gates, hiddenProducts, previousHidden, previousCells, cells, cellTanh, hidden, finalStates,
         gateGradients, hiddenGateGradients, hiddenGradient, cellGradient, transposedInputWeights,
         transposedHiddenWeights, ones, combinedBias].forEach { $0.deallocate() }
        episodeStarts.deallocate()
    }

    /// The cached outputs: `time × batch × hiddenSize` hidden states, time-major.
    public var outputs: UnsafePointer<Float> { UnsafePointer(hidden) }

    /// Each sequence's state after the cached pass: `batch × stateWidth` (`h`, then an LSTM's `c`).
    public var finalState: UnsafePointer<Float> { UnsafePointer(finalStates) }

    /// Writes the state that step `row` (`t · batch + b`) of the cached pass started from, after any
    /// zeroing at an episode start, into `destination` (`stateWidth` values).
    public func copyState(before row: Int, into destination: UnsafeMutablePointer<Float>) {
        precondition(row >= 0 && row < time * batch, "step \(row) outside the cached pass")
        let h = shape.hiddenSize
        destination.update(from: previousHidden + row * h, count: h)
        if shape.cell == .lstm { (destination + h).update(from: previousCells + row * h, count: h) }
    }

    /// Writes the state after step `row` (`t · batch + b`) of the cached pass into `destination`
    /// (`stateWidth` values).
    public func copyState(after row: Int, into destination: UnsafeMutablePointer<Float>) {
        precondition(row >= 0 && row < time * batch, "step \(row) outside the cached pass")
        let h = shape.hiddenSize
        destination.update(from: hidden + row * h, count: h)
        if shape.cell == .lstm { (destination + h).update(from: cells + row * h, count: h) }
    }

    /// The cached outputs as an array (allocates; for tests and inspection).
    public var outputArray: [Float] {
        Array(UnsafeBufferPointer(start: outputs, count: time * batch * shape.hiddenSize))
    }

    /// The final states as an array (allocates; for tests and inspection).
    public var finalStateArray: [Float] {
        Array(UnsafeBufferPointer(start: finalState, count: batch * shape.stateWidth))
    }
}
