import SwiftRLCore
import SwiftRLKernels

extension RecurrentLayer {
    /// Backpropagates through time over the forward pass cached in `workspace`.
    ///
    /// Steps run from the last to the first, carrying ∂loss/∂h (and an LSTM's ∂loss/∂c) back one step
    /// at a time (one product with Wₕᵀ per step); nothing flows back across an episode start. The
    /// weight and bias gradients then come from two products over all steps at once.
    ///
    /// - Parameters:
    ///   - outputGradient: ∂loss/∂outputs, `time × batch × hiddenSize` values (the final state is
    ///     taken to have no gradient: truncated backpropagation through time).
    ///   - workspace: the workspace of the matching ``forward(_:time:batch:initialState:episodeStarts:workspace:)``.
    ///   - parameterGradients: receives ∂loss/∂parameters (overwritten), or nil.
    ///   - inputGradient: receives ∂loss/∂input (`time × batch × inputSize`), or nil.
    ///   - initialStateGradient: receives ∂loss/∂initialState (`batch × stateWidth`), or nil.
    public func backward(outputGradient: UnsafePointer<Float>, workspace w: RecurrentWorkspace,
                         parameterGradients: UnsafeMutablePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?,
                         initialStateGradient: UnsafeMutablePointer<Float>? = nil) {
        precondition(w.shape == shape, "recurrent workspace sized for another shape")
        precondition(w.time > 0, "RecurrentLayer.backward needs a forward pass first")
        let time = w.time, batch = w.batch, rows = time * batch
        let h = shape.hiddenSize, g = shape.gateWidth, inputSize = shape.inputSize
        parameters.withUnsafeBufferPointer { parameters in
            let p = parameters.baseAddress!
            MatrixMultiply.transpose(p + shape.hiddenWeightOffset, rows: h, columns: g, into: w.transposedHiddenWeights)
            w.hiddenGradient.update(repeating: 0, count: batch * h)
            w.cellGradient.update(repeating: 0, count: batch * h)
            for t in stride(from: time - 1, through: 0, by: -1) {
                let first = t * batch
                switch shape.cell {
                case .lstm: lstmGateGradients(rows: first..<(first + batch), outputGradient: outputGradient, workspace: w)
                case .gru: gruGateGradients(rows: first..<(first + batch), outputGradient: outputGradient, workspace: w)
                }
                // ∂loss/∂h of the previous step: the gates' share through Wₕ, plus a GRU's direct share
                // (before the first step only when the initial state's gradient is wanted).
                guard t > 0 || initialStateGradient != nil else { break }
                MatrixMultiply.compute(m: batch, n: h, k: g, a: hiddenSideGradients(w) + first * g, aRowStride: g,
                                       aColumnStride: 1, b: w.transposedHiddenWeights, c: w.hiddenGradient, bias: nil,
                                       accumulate: shape.cell == .gru)
                for b in 0..<batch where w.episodeStarts[first + b] {
                    (w.hiddenGradient + b * h).update(repeating: 0, count: h)
                    (w.cellGradient + b * h).update(repeating: 0, count: h)
                }
            }
            if let initialStateGradient { writeInitialStateGradient(initialStateGradient, workspace: w) }
            if let inputGradient {
                MatrixMultiply.transpose(p, rows: inputSize, columns: g, into: w.transposedInputWeights)
                MatrixMultiply.compute(m: rows, n: inputSize, k: g, a: w.gateGradients, aRowStride: g, aColumnStride: 1,
                                       b: w.transposedInputWeights, c: inputGradient, bias: nil, accumulate: false)
            }
        }
        guard let parameterGradients else { return }
        let hiddenSide = hiddenSideGradients(w)
        MatrixMultiply.compute(m: inputSize, n: g, k: rows, a: w.inputs, aRowStride: 1, aColumnStride: inputSize,
                               b: w.gateGradients, c: parameterGradients, bias: nil, accumulate: false)
        MatrixMultiply.compute(m: h, n: g, k: rows, a: w.previousHidden, aRowStride: 1, aColumnStride: h,
                               b: hiddenSide, c: parameterGradients + shape.hiddenWeightOffset, bias: nil, accumulate: false)
        MatrixMultiply.compute(m: 1, n: g, k: rows, a: w.ones, aRowStride: rows, aColumnStride: 1,
                               b: w.gateGradients, c: parameterGradients + shape.inputBiasOffset, bias: nil, accumulate: false)
        MatrixMultiply.compute(m: 1, n: g, k: rows, a: w.ones, aRowStride: rows, aColumnStride: 1,
                               b: hiddenSide, c: parameterGradients + shape.hiddenBiasOffset, bias: nil, accumulate: false)
    }

    /// ∂loss/∂(h·Wₕ + bₕ): an LSTM's gate gradients themselves; a GRU's own buffer, whose `n` block
    /// carries the reset gate's factor.
    private func hiddenSideGradients(_ w: RecurrentWorkspace) -> UnsafeMutablePointer<Float> {
        shape.cell == .lstm ? w.gateGradients : w.hiddenGateGradients
    }

    /// The LSTM's gate gradients of step `rows`, and ∂loss/∂c carried to the step before.
    private func lstmGateGradients(rows: Range<Int>, outputGradient: UnsafePointer<Float>, workspace w: RecurrentWorkspace) {
        let h = shape.hiddenSize, g = shape.gateWidth, first = rows.lowerBound
        var arguments = swiftrl_lstm_backward_arguments(
            rows: Int32(rows.count), hidden: Int32(h), gates: w.gates + first * g, cell_tanh: w.cellTanh + first * h,
            previous_cells: w.previousCells + first * h, output_gradient: outputGradient + first * h,
            hidden_gradient: w.hiddenGradient, cell_gradient: w.cellGradient, gate_gradients: w.gateGradients + first * g)
        swiftrl_lstm_backward(&arguments)
    }

    /// The GRU's gate gradients of step `rows` on both sides, and the direct share of ∂loss/∂h
    /// carried to the step before (`z ⊙ ∂loss/∂h'`).
    private func gruGateGradients(rows: Range<Int>, outputGradient: UnsafePointer<Float>, workspace w: RecurrentWorkspace) {
        let h = shape.hiddenSize, g = shape.gateWidth, first = rows.lowerBound
        var arguments = swiftrl_gru_backward_arguments(
            rows: Int32(rows.count), hidden: Int32(h), gates: w.gates + first * g,
            hidden_products: w.hiddenProducts + first * g, previous_hidden: w.previousHidden + first * h,
            output_gradient: outputGradient + first * h, hidden_gradient: w.hiddenGradient,
            gate_gradients: w.gateGradients + first * g, hidden_gate_gradients: w.hiddenGateGradients + first * g)
        swiftrl_gru_backward(&arguments)
    }

    /// ∂loss/∂(initial state): what was carried back past the first step (zero where it started an episode).
    private func writeInitialStateGradient(_ gradient: UnsafeMutablePointer<Float>, workspace w: RecurrentWorkspace) {
        let h = shape.hiddenSize, sw = shape.stateWidth
        for b in 0..<w.batch {
            (gradient + b * sw).update(from: w.hiddenGradient + b * h, count: h)
            if shape.cell == .lstm { (gradient + b * sw + h).update(from: w.cellGradient + b * h, count: h) }
        }
    }
}
