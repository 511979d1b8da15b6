import SwiftRLCore
import SwiftRLKernels

extension MLP {
    /// Backpropagates through the forward pass cached in `workspace`.
    ///
    /// The pass has two phases: first the gradients with respect to every layer's outputs, row by row
    /// down the network; then the weight and bias gradients, which sum over rows. With a `pool`, a batch
    /// large enough to split (see `RowSplit`) splits the batch rows in the first phase and the weight
    /// rows in the second between its threads; a smaller one runs as two pipelined jobs, one thread
    /// going down the layers while another writes each layer's gradients behind it. The result is
    /// bit-identical to one thread's.
    ///
    /// - Parameters:
    ///   - outputGradient: ∂loss/∂output, `batchSize × outputSize` values.
    ///   - workspace: the workspace of the matching ``forward(_:batchSize:workspace:pool:)`` call.
    ///   - parameterGradients: receives ∂loss/∂parameters (overwritten, `parameterCount` values), or
    ///     `nil` when only the input gradient is wanted.
    ///   - inputGradient: receives ∂loss/∂input (`batchSize × inputColumns.count` values), or `nil`.
    ///   - inputColumns: the inputs whose gradient `inputGradient` receives (all by default); a
    ///     critic's actor-loss pass wants the action columns only.
    ///   - pool: shares the work between its threads when given.
    public func backward(
        outputGradient: UnsafePointer<Float>,
        workspace: MLPWorkspace,
        parameterGradients: UnsafeMutablePointer<Float>?,
        inputGradient: UnsafeMutablePointer<Float>?,
        inputColumns: Range<Int>? = nil,
        pool: ThreadPool? = nil
    ) {
        precondition(workspace.architecture == architecture, "MLP workspace was sized for another architecture")
        let inputColumns = inputColumns ?? 0..<architecture.inputSize
        precondition(inputColumns.lowerBound >= 0 && inputColumns.upperBound <= architecture.inputSize,
                     "input columns \(inputColumns) outside the network's \(architecture.inputSize) inputs")
        let batchSize = workspace.batchSize
        precondition(batchSize > 0, "MLP.backward needs a forward pass first")
        transposeWeights(into: workspace, through: inputGradient == nil ? 1 : 0)
        if let parameterGradients, let pool, pool.isParallel, RowSplit.partCount(batchSize, pool: pool) == 1,
           architecture.layerCount > 1 {
            return backpropagateInTwoJobs(outputGradient, workspace: workspace, parameterGradients: parameterGradients,
                                          inputGradient: inputGradient, inputColumns: inputColumns, pool: pool)
        }
        RowSplit.runOverBatchRows(batchSize, pool: pool) { _, rows in
            backpropagateOutputGradients(outputGradient, rows: rows, workspace: workspace, inputGradient: inputGradient,
                                         inputColumns: inputColumns)
        }
        guard let parameterGradients else { return }
        RowSplit.runParts(rows: batchSize, pool: pool) { part, parts in
            writeParameterGradients(part: part, of: parts, workspace: workspace, into: parameterGradients)
        }
    }

    /// Writes Wᵀ of layers `firstLayer` and up into the workspace, where phase one reads them.
    private func transposeWeights(into workspace: MLPWorkspace, through firstLayer: Int) {
        parameters.withUnsafeBufferPointer { parameters in
            for layer in firstLayer..<architecture.layerCount {
                let offset = architecture.weightOffset(ofLayer: layer)
                MatrixMultiply.transpose(parameters.baseAddress! + offset, rows: architecture.width(at: layer),
                                         columns: architecture.width(at: layer + 1),
                                         into: workspace.transposedWeights + offset)
            }
        }
    }

    /// Both phases as two jobs, for a batch too small to split between threads: job 0 propagates δ
    /// down the layers, then writes layer 0's gradients; job 1 writes the gradients of the layers above
    /// as soon as each δ is there (it waits on `workspace.lowestDeltaWritten`). Job 0 runs first on the
    /// calling thread, so job 1 never waits for a job that has not started.
    private func backpropagateInTwoJobs(
        _ outputGradient: UnsafePointer<Float>, workspace: MLPWorkspace, parameterGradients: UnsafeMutablePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, inputColumns: Range<Int>, pool: ThreadPool
    ) {
        let rows = 0..<workspace.batchSize
        workspace.lowestDeltaWritten.store(architecture.layerCount, ordering: .relaxed)
        pool.run(count: 2) { job in
            if job == 0 {
                backpropagateOutputGradients(outputGradient, rows: rows, workspace: workspace, inputGradient: inputGradient,
                                             inputColumns: inputColumns) { layer in
                    workspace.lowestDeltaWritten.store(layer, ordering: .releasing)
                }
                writeGradients(ofLayer: 0, rows: 0..<architecture.inputSize, bias: true, workspace: workspace,
                               into: parameterGradients)
            } else {
                for layer in stride(from: architecture.layerCount - 1, through: 1, by: -1) {
                    while workspace.lowestDeltaWritten.load(ordering: .acquiring) > layer { swiftrl_spin_pause() }
                    writeGradients(ofLayer: layer, rows: 0..<architecture.width(at: layer), bias: true,
                                   workspace: workspace, into: parameterGradients)
                }
            }
        }
    }

    /// Phase one for rows `rows`: each layer's δ (gradient before its activation), from the output
    /// down, and the input gradient's `inputColumns` when wanted. Each hidden activation's derivative
    /// is fused into the product that yields the δ before it. `deltaWritten(l)` follows the writing of layer `l`'s δ.
    private func backpropagateOutputGradients(
        _ outputGradient: UnsafePointer<Float>, rows: Range<Int>, workspace: MLPWorkspace,
        inputGradient: UnsafeMutablePointer<Float>?, inputColumns: Range<Int>,
        deltaWritten: ((Int) -> Void)? = nil
    ) {
        let last = architecture.layerCount - 1
        let outputSize = architecture.outputSize
        let outputDelta = workspace.deltas[last] + rows.lowerBound * outputSize
        outputDelta.update(from: outputGradient + rows.lowerBound * outputSize, count: rows.count * outputSize)
        architecture.activation(ofLayer: last).multiplyByDerivative(
            outputDelta, outputs: workspace.activations[last + 1] + rows.lowerBound * outputSize,
            count: rows.count * outputSize)
        deltaWritten?(last)
        for layer in stride(from: last, through: 0, by: -1) {
            let inputs = architecture.width(at: layer), outputs = architecture.width(at: layer + 1)
            let delta = workspace.deltas[layer] + rows.lowerBound * outputs
            let target = layer > 0 ? workspace.deltas[layer - 1] : inputGradient
            guard let target else { break }
            let columns = layer > 0 ? 0..<inputs : inputColumns
            let targetRows = target + rows.lowerBound * columns.count
            let inputActivation = layer > 0 ? architecture.activation(ofLayer: layer - 1) : .identity
            let layerInputs = workspace.activations[layer] + rows.lowerBound * inputs
            MatrixMultiply.compute(
                m: rows.count, n: columns.count, k: outputs,
                a: delta, aRowStride: outputs, aColumnStride: 1,
                b: workspace.transposedWeights + architecture.weightOffset(ofLayer: layer) + columns.lowerBound,
                bRowStride: inputs, c: targetRows, bias: nil, accumulate: false,
                epilogue: Self.derivativeEpilogue(of: inputActivation, outputs: layerInputs))
            if layer > 0 { deltaWritten?(layer - 1) }
        }
    }

    /// The product epilogue that multiplies by `activation`'s derivative at its outputs `outputs`
    /// (tanh's, 1 − y², for the fast tanh too: see ``Activation/fastTanh``).
    private static func derivativeEpilogue(of activation: Activation, outputs: UnsafePointer<Float>) -> MatrixMultiply.Epilogue {
        switch activation {
        case .identity: .none
        case .relu: .reluDerivative(outputs: outputs)
        case .tanh, .fastTanh: .tanhDerivative(outputs: outputs)
        }
    }

    /// Phase two, part `part` of `parts`: weight gradients `Xᵀ·δ` (this part's rows of each) and
    /// bias gradients `Σ_rows δ` (of the layers this part owns).
    private func writeParameterGradients(part: Int, of parts: Int, workspace: MLPWorkspace,
                                         into gradients: UnsafeMutablePointer<Float>) {
        for layer in 0..<architecture.layerCount {
            let rows = RowSplit.weightRows(architecture.width(at: layer), part: part, of: parts, owner: layer % parts)
            writeGradients(ofLayer: layer, rows: rows, bias: (layer + 1) % parts == part, workspace: workspace,
                           into: gradients)
        }
    }

    /// Rows `rows` of layer `layer`'s weight gradient `Xᵀ·δ`, and its bias gradient `1ᵀ·δ` (each
    /// column summed in row order) when `bias` is set.
    private func writeGradients(ofLayer layer: Int, rows: Range<Int>, bias: Bool, workspace: MLPWorkspace,
                                into gradients: UnsafeMutablePointer<Float>) {
        let dense = architecture.layer(layer), layerGradients = gradients + architecture.weightOffset(ofLayer: layer)
        dense.writeWeightGradients(rows: rows, batch: workspace.batchSize, input: workspace.activations[layer],
                                   deltas: workspace.deltas[layer], into: layerGradients)
        if bias {
            dense.writeBiasGradient(batch: workspace.batchSize, deltas: workspace.deltas[layer], ones: workspace.ones,
                                    into: layerGradients)
        }
    }
}
