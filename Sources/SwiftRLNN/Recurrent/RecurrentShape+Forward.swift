import SwiftRLCore
import SwiftRLKernels

extension RecurrentShape {
    /// Runs `batch` sequences of `time` steps through a layer of this shape with the parameters at
    /// `p` (laid out as ``RecurrentShape`` describes), caching what the backward pass needs.
    ///
    /// Each step's input product adds the input bias (an LSTM adds both biases there); the step then
    /// adds `h·Wₕ` (one product over the batch) and applies the gates in one kernel call
    /// (`swiftrl_lstm_forward`, `swiftrl_gru_forward`), with SwiftRL's own σ and tanh: the same bits
    /// on every CPU. On a parallel `pool`, the sequences are divided between its threads (see
    /// ``sequenceParts(_:pool:)``), each running all its steps without waiting for the
    /// others; every value is computed as it is on one thread, so the bits do not change.
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
    ///   - pool: threads to divide the sequences between, or nil for the calling thread alone.
    public func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, parameters p: UnsafePointer<Float>,
                        initialState: UnsafePointer<Float>, episodeStarts: UnsafePointer<Bool>?,
                        workspace: RecurrentWorkspace, pool: ThreadPool? = nil) {
        precondition(workspace.shape == self, "recurrent workspace sized for another shape")
        precondition(time > 0 && batch > 0 && time * batch <= workspace.capacity,
                     "\(time) × \(batch) steps outside the workspace's capacity \(workspace.capacity)")
        workspace.time = time
        workspace.batch = batch
        let rows = time * batch, g = gateWidth
        workspace.inputs.update(from: input, count: rows * inputSize)
        if let episodeStarts {
            workspace.episodeStarts.update(from: episodeStarts, count: rows)
        } else {
            workspace.episodeStarts.update(repeating: false, count: rows)
        }
        var bias = p + inputBiasOffset
        if cell == .lstm {
            for j in 0..<g { workspace.combinedBias[j] = bias[j] + p[hiddenBiasOffset + j] }
            bias = UnsafePointer(workspace.combinedBias)
        }
        Self.runOverSequences(batch, pool: pool) { sequences in
            forward(sequences: sequences, parameters: p, inputBias: bias, initialState: initialState, workspace: workspace)
        }
    }

    /// All steps of the sequences `sequences` of the workspace's pass, and their final states.
    private func forward(sequences: Range<Int>, parameters p: UnsafePointer<Float>, inputBias: UnsafePointer<Float>,
                         initialState: UnsafePointer<Float>, workspace w: RecurrentWorkspace) {
        let batch = w.batch, h = hiddenSize, g = gateWidth, sw = stateWidth
        for t in 0..<w.time {
            let rows = (t * batch + sequences.lowerBound)..<(t * batch + sequences.upperBound)
            MatrixMultiply.compute(m: rows.count, n: g, k: inputSize, a: w.inputs + rows.lowerBound * inputSize,
                                   aRowStride: inputSize, aColumnStride: 1, b: p, c: w.gates + rows.lowerBound * g,
                                   bias: inputBias, accumulate: false)
            loadPreviousState(step: t, sequences: sequences, initialState: initialState, workspace: w)
            switch cell {
            case .lstm: lstmStep(rows: rows, parameters: p, workspace: w)
            case .gru: gruStep(rows: rows, parameters: p, workspace: w)
            }
        }
        let last = (w.time - 1) * batch
        for b in sequences {
            (w.finalStates + b * sw).update(from: w.hidden + (last + b) * h, count: h)
            if cell == .lstm {
                (w.finalStates + b * sw + h).update(from: w.cells + (last + b) * h, count: h)
            }
        }
    }

    /// Writes the state step `t` of the sequences `sequences` starts from into `previousHidden` (and
    /// `previousCells`): the initial state or the last step's, zero where an episode starts.
    private func loadPreviousState(step t: Int, sequences: Range<Int>, initialState: UnsafePointer<Float>,
                                   workspace: RecurrentWorkspace) {
        let batch = workspace.batch, h = hiddenSize, sw = stateWidth
        for b in sequences {
            let row = t * batch + b
            let hidden = workspace.previousHidden + row * h, cellState = workspace.previousCells + row * h
            if workspace.episodeStarts[row] {
                hidden.update(repeating: 0, count: h)
                cellState.update(repeating: 0, count: h)
            } else if t == 0 {
                hidden.update(from: initialState + b * sw, count: h)
                if cell == .lstm { cellState.update(from: initialState + b * sw + h, count: h) }
            } else {
                hidden.update(from: workspace.hidden + (row - batch) * h, count: h)
                if cell == .lstm { cellState.update(from: workspace.cells + (row - batch) * h, count: h) }
            }
        }
    }

    /// One LSTM step over `rows`: gates, cell and hidden states.
    private func lstmStep(rows: Range<Int>, parameters p: UnsafePointer<Float>, workspace w: RecurrentWorkspace) {
        let h = hiddenSize, g = gateWidth, first = rows.lowerBound
        let gates = w.gates + first * g
        MatrixMultiply.compute(m: rows.count, n: g, k: h, a: w.previousHidden + first * h, aRowStride: h,
                               aColumnStride: 1, b: p + hiddenWeightOffset, c: gates, bias: nil, accumulate: true)
        var arguments = swiftrl_lstm_forward_arguments(
            rows: Int32(rows.count), hidden: Int32(h), gates: gates, previous_cells: w.previousCells + first * h,
            cells: w.cells + first * h, cell_tanh: w.cellTanh + first * h, hidden_out: w.hidden + first * h)
        swiftrl_lstm_forward(&arguments)
    }

    /// One GRU step over `rows`: gates and hidden states.
    private func gruStep(rows: Range<Int>, parameters p: UnsafePointer<Float>, workspace w: RecurrentWorkspace) {
        let h = hiddenSize, g = gateWidth, first = rows.lowerBound
        let gates = w.gates + first * g, products = w.hiddenProducts + first * g
        MatrixMultiply.compute(m: rows.count, n: g, k: h, a: w.previousHidden + first * h, aRowStride: h,
                               aColumnStride: 1, b: p + hiddenWeightOffset, c: products,
                               bias: p + hiddenBiasOffset, accumulate: false)
        var arguments = swiftrl_gru_forward_arguments(
            rows: Int32(rows.count), hidden: Int32(h), gates: gates, hidden_products: products,
            previous_hidden: w.previousHidden + first * h, hidden_out: w.hidden + first * h)
        swiftrl_gru_forward(&arguments)
    }
}
