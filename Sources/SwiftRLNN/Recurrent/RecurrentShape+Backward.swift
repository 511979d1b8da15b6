import SwiftRLCore
import SwiftRLKernels

extension RecurrentShape {
    /// Backpropagates through time over the forward pass cached in `workspace`, for a layer of this
    /// shape with the parameters at `p`.
    ///
    /// Steps run from the last to the first, carrying ∂loss/∂h (and an LSTM's ∂loss/∂c) back one step
    /// at a time (one product with Wₕᵀ per step); nothing flows back across an episode start. The
    /// weight and bias gradients then come from products over all steps at once. On a parallel
    /// `pool`, the sequences are divided between its threads as in the forward pass, then the rows of
    /// the hidden weights' gradient; the bits do not change.
    ///
    /// - Parameters:
    ///   - outputGradient: ∂loss/∂outputs, `time × batch × hiddenSize` values (the final state is
    ///     taken to have no gradient: truncated backpropagation through time).
    ///   - workspace: the workspace of the matching ``forward(_:time:batch:initialState:episodeStarts:workspace:pool:)``.
    ///   - parameterGradients: receives ∂loss/∂parameters (overwritten), or nil.
    ///   - inputGradient: receives ∂loss/∂input (`time × batch × inputSize`), or nil.
    ///   - initialStateGradient: receives ∂loss/∂initialState (`batch × stateWidth`), or nil.
    ///   - pool: threads to divide the work between, or nil for the calling thread alone.
    public func backward(outputGradient: UnsafePointer<Float>, parameters p: UnsafePointer<Float>, workspace w: RecurrentWorkspace,
                         parameterGradients: UnsafeMutablePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?,
                         initialStateGradient: UnsafeMutablePointer<Float>? = nil, pool: ThreadPool? = nil) {
        precondition(w.shape == self, "recurrent workspace sized for another shape")
        precondition(w.time > 0, "RecurrentLayer.backward needs a forward pass first")
        let rows = w.time * w.batch, h = hiddenSize, g = gateWidth
        MatrixMultiply.transpose(p + hiddenWeightOffset, rows: h, columns: g, into: w.transposedHiddenWeights)
        Self.runOverSequences(w.batch, pool: pool) { sequences in
            backwardThroughTime(sequences: sequences, outputGradient: outputGradient, workspace: w,
                                initialStateGradient: initialStateGradient)
        }
        if let inputGradient {
            MatrixMultiply.transpose(p, rows: inputSize, columns: g, into: w.transposedInputWeights)
            MatrixMultiply.compute(m: rows, n: inputSize, k: g, a: w.gateGradients, aRowStride: g, aColumnStride: 1,
                                   b: w.transposedInputWeights, c: inputGradient, bias: nil, accumulate: false)
        }
        guard let parameterGradients else { return }
        let hiddenSide = hiddenSideGradients(w)
        // The hidden weights' gradient, hᵀ·∂: by rows (one per hidden unit) over the pool.
        Self.runOverParts(of: h, parts: Self.sequenceParts(w.batch, pool: pool), pool: pool) { units in
            MatrixMultiply.compute(m: units.count, n: g, k: rows, a: w.previousHidden + units.lowerBound, aRowStride: 1,
                                   aColumnStride: h, b: hiddenSide,
                                   c: parameterGradients + hiddenWeightOffset + units.lowerBound * g,
                                   bias: nil, accumulate: false)
        }
        MatrixMultiply.compute(m: inputSize, n: g, k: rows, a: w.inputs, aRowStride: 1, aColumnStride: inputSize,
                               b: w.gateGradients, c: parameterGradients, bias: nil, accumulate: false)
        MatrixMultiply.compute(m: 1, n: g, k: rows, a: w.ones, aRowStride: rows, aColumnStride: 1,
                               b: w.gateGradients, c: parameterGradients + inputBiasOffset, bias: nil, accumulate: false)
        MatrixMultiply.compute(m: 1, n: g, k: rows, a: w.ones, aRowStride: rows, aColumnStride: 1,
                               b: hiddenSide, c: parameterGradients + hiddenBiasOffset, bias: nil, accumulate: false)
    }

    /// The gate gradients of every step of the sequences `sequences`, last step first, and the
    /// gradient of their initial states when asked.
    private func backwardThroughTime(sequences: Range<Int>, outputGradient: UnsafePointer<Float>, workspace w: RecurrentWorkspace,
                                     initialStateGradient: UnsafeMutablePointer<Float>?) {
        let batch = w.batch, h = hiddenSize, g = gateWidth
        let carried = sequences.lowerBound * h, count = sequences.count
        (w.hiddenGradient + carried).update(repeating: 0, count: count * h)
        (w.cellGradient + carried).update(repeating: 0, count: count * h)
        for t in stride(from: w.time - 1, through: 0, by: -1) {
            let rows = (t * batch + sequences.lowerBound)..<(t * batch + sequences.upperBound)
            switch cell {
            case .lstm: lstmGateGradients(rows: rows, carried: carried, outputGradient: outputGradient, workspace: w)
            case .gru: gruGateGradients(rows: rows, carried: carried, outputGradient: outputGradient, workspace: w)
            }
            // ∂loss/∂h of the previous step: the gates' share through Wₕ, plus a GRU's direct share
            // (before the first step only when the initial state's gradient is wanted).
            guard t > 0 || initialStateGradient != nil else { break }
            MatrixMultiply.compute(m: count, n: h, k: g, a: hiddenSideGradients(w) + rows.lowerBound * g, aRowStride: g,
                                   aColumnStride: 1, b: w.transposedHiddenWeights, c: w.hiddenGradient + carried,
                                   bias: nil, accumulate: cell == .gru)
            for b in sequences where w.episodeStarts[t * batch + b] {
                (w.hiddenGradient + b * h).update(repeating: 0, count: h)
                (w.cellGradient + b * h).update(repeating: 0, count: h)
            }
        }
        if let initialStateGradient { writeInitialStateGradient(initialStateGradient, sequences: sequences, workspace: w) }
    }

    /// ∂loss/∂(h·Wₕ + bₕ): an LSTM's gate gradients themselves; a GRU's own buffer, whose `n` block
    /// carries the reset gate's factor.
    private func hiddenSideGradients(_ w: RecurrentWorkspace) -> UnsafeMutablePointer<Float> {
        cell == .lstm ? w.gateGradients : w.hiddenGateGradients
    }

    /// The LSTM's gate gradients of step `rows`, and ∂loss/∂c carried to the step before (the carried
    /// gradients of the rows' sequences start at offset `carried`).
    private func lstmGateGradients(rows: Range<Int>, carried: Int, outputGradient: UnsafePointer<Float>,
                                   workspace w: RecurrentWorkspace) {
        let h = hiddenSize, g = gateWidth, first = rows.lowerBound
        var arguments = swiftrl_lstm_backward_arguments(
            rows: Int32(rows.count), hidden: Int32(h), gates: w.gates + first * g, cell_tanh: w.cellTanh + first * h,
            previous_cells: w.previousCells + first * h, output_gradient: outputGradient + first * h,
            hidden_gradient: w.hiddenGradient + carried, cell_gradient: w.cellGradient + carried,
            gate_gradients: w.gateGradients + first * g)
        swiftrl_lstm_backward(&arguments)
    }

    /// The GRU's gate gradients of step `rows` on both sides, and the direct share of ∂loss/∂h
    /// carried to the step before (`z ⊙ ∂loss/∂h'`; the carried gradients of the rows' sequences start
    /// at offset `carried`).
    private func gruGateGradients(rows: Range<Int>, carried: Int, outputGradient: UnsafePointer<Float>,
                                  workspace w: RecurrentWorkspace) {
        let h = hiddenSize, g = gateWidth, first = rows.lowerBound
        var arguments = swiftrl_gru_backward_arguments(
            rows: Int32(rows.count), hidden: Int32(h), gates: w.gates + first * g,
            hidden_products: w.hiddenProducts + first * g, previous_hidden: w.previousHidden + first * h,
            output_gradient: outputGradient + first * h, hidden_gradient: w.hiddenGradient + carried,
            gate_gradients: w.gateGradients + first * g, hidden_gate_gradients: w.hiddenGateGradients + first * g)
        swiftrl_gru_backward(&arguments)
    }

    /// ∂loss/∂(initial state): what was carried back past the first step (zero where it started an episode).
    private func writeInitialStateGradient(_ gradient: UnsafeMutablePointer<Float>, sequences: Range<Int>,
                                           workspace w: RecurrentWorkspace) {
        let h = hiddenSize, sw = stateWidth
        for b in sequences {
            (gradient + b * sw).update(from: w.hiddenGradient + b * h, count: h)
            if cell == .lstm { (gradient + b * sw + h).update(from: w.cellGradient + b * h, count: h) }
        }
    }
}
