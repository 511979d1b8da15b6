import SwiftRLCore
import SwiftRLKernels

extension RecurrentLayer {
    /// Runs `batch` sequences of `time` steps through the layer, caching what the backward pass needs.
    ///
    /// The input products of all steps are one matrix product (an LSTM adds both biases there); each
    /// step then adds `h·Wₕ` (one product over the batch) and applies the gates in one kernel call
    /// (`swiftrl_lstm_forward`, `swiftrl_gru_forward`), with SwiftRL's own σ and tanh: the same bits
    /// on every CPU.
    ///
    /// - Parameters:
    ///   - input: `time × batch × inputSize` values, time-major (row `t · batch + b`).
    ///   - time: steps, at least 1.
    ///   - batch: sequences, at least 1; `time · batch` at most the workspace's capacity.
    ///   - initialState: `batch × stateWidth` values: each sequence's state before its first step.
    ///   - episodeStarts: `time × batch` flags, or nil for none: where set, that sequence's state is
    ///     zeroed before that step (an episode starts there).
    ///   - workspace: receives the outputs (``RecurrentWorkspace/outputs``), the final states
    ///     (``RecurrentWorkspace/finalState``) and the cache.
    public func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, initialState: UnsafePointer<Float>,
                        episodeStarts: UnsafePointer<Bool>?, workspace: RecurrentWorkspace) {
        precondition(workspace.shape == shape, "recurrent workspace sized for another shape")
        precondition(time > 0 && batch > 0 && time * batch <= workspace.capacity,
                     "\(time) × \(batch) steps outside the workspace's capacity \(workspace.capacity)")
        workspace.time = time
        workspace.batch = batch
        let rows = time * batch, h = shape.hiddenSize, g = shape.gateWidth, sw = shape.stateWidth
        workspace.inputs.update(from: input, count: rows * shape.inputSize)
        if let episodeStarts {
            workspace.episodeStarts.update(from: episodeStarts, count: rows)
        } else {
            workspace.episodeStarts.update(repeating: false, count: rows)
        }
        parameters.withUnsafeBufferPointer { parameters in
            let p = parameters.baseAddress!
            var bias = p + shape.inputBiasOffset
            if shape.cell == .lstm {
                for j in 0..<g { workspace.combinedBias[j] = bias[j] + p[shape.hiddenBiasOffset + j] }
                bias = UnsafePointer(workspace.combinedBias)
            }
            MatrixMultiply.compute(m: rows, n: g, k: shape.inputSize, a: workspace.inputs, aRowStride: shape.inputSize,
                                   aColumnStride: 1, b: p, c: workspace.gates, bias: bias, accumulate: false)
            for t in 0..<time {
                let first = t * batch
                loadPreviousState(step: t, initialState: initialState, workspace: workspace)
                switch shape.cell {
                case .lstm: lstmStep(rows: first..<(first + batch), parameters: p, workspace: workspace)
                case .gru: gruStep(rows: first..<(first + batch), parameters: p, workspace: workspace)
                }
            }
        }
        let last = (time - 1) * batch
        for b in 0..<batch {
            (workspace.finalStates + b * sw).update(from: workspace.hidden + (last + b) * h, count: h)
            if shape.cell == .lstm {
                (workspace.finalStates + b * sw + h).update(from: workspace.cells + (last + b) * h, count: h)
            }
        }
    }

    /// Writes the state step `t` starts from into `previousHidden` (and `previousCells`): the
    /// initial state or the last step's, zero where an episode starts.
    private func loadPreviousState(step t: Int, initialState: UnsafePointer<Float>, workspace: RecurrentWorkspace) {
        let batch = workspace.batch, h = shape.hiddenSize, sw = shape.stateWidth
        for b in 0..<batch {
            let row = t * batch + b
            let hidden = workspace.previousHidden + row * h, cell = workspace.previousCells + row * h
            if workspace.episodeStarts[row] {
                hidden.update(repeating: 0, count: h)
                cell.update(repeating: 0, count: h)
            } else if t == 0 {
                hidden.update(from: initialState + b * sw, count: h)
                if shape.cell == .lstm { cell.update(from: initialState + b * sw + h, count: h) }
            } else {
                hidden.update(from: workspace.hidden + (row - batch) * h, count: h)
                if shape.cell == .lstm { cell.update(from: workspace.cells + (row - batch) * h, count: h) }
            }
        }
    }

    /// One LSTM step over `rows`: gates, cell and hidden states.
    private func lstmStep(rows: Range<Int>, parameters p: UnsafePointer<Float>, workspace w: RecurrentWorkspace) {
        let h = shape.hiddenSize, g = shape.gateWidth, first = rows.lowerBound
        let gates = w.gates + first * g
        MatrixMultiply.compute(m: rows.count, n: g, k: h, a: w.previousHidden + first * h, aRowStride: h,
                               aColumnStride: 1, b: p + shape.hiddenWeightOffset, c: gates, bias: nil, accumulate: true)
        var arguments = swiftrl_lstm_forward_arguments(
            rows: Int32(rows.count), hidden: Int32(h), gates: gates, previous_cells: w.previousCells + first * h,
            cells: w.cells + first * h, cell_tanh: w.cellTanh + first * h, hidden_out: w.hidden + first * h)
        swiftrl_lstm_forward(&arguments)
    }

    /// One GRU step over `rows`: gates and hidden states.
    private func gruStep(rows: Range<Int>, parameters p: UnsafePointer<Float>, workspace w: RecurrentWorkspace) {
        let h = shape.hiddenSize, g = shape.gateWidth, first = rows.lowerBound
        let gates = w.gates + first * g, products = w.hiddenProducts + first * g
        MatrixMultiply.compute(m: rows.count, n: g, k: h, a: w.previousHidden + first * h, aRowStride: h,
                               aColumnStride: 1, b: p + shape.hiddenWeightOffset, c: products,
                               bias: p + shape.hiddenBiasOffset, accumulate: false)
        var arguments = swiftrl_gru_forward_arguments(
            rows: Int32(rows.count), hidden: Int32(h), gates: gates, hidden_products: products,
            previous_hidden: w.previousHidden + first * h, hidden_out: w.hidden + first * h)
        swiftrl_gru_forward(&arguments)
    }
}
