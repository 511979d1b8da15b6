import SwiftRLCore

extension MLP {
    /// Backpropagates through the forward pass cached in `workspace`.
    ///
    /// - Parameters:
    ///   - outputGradient: ∂loss/∂output, `batchSize × outputSize` values.
    ///   - workspace: the workspace of the matching ``forward(_:batchSize:workspace:)`` call.
    ///   - parameterGradients: receives ∂loss/∂parameters (overwritten, `parameterCount` values), or
    ///     `nil` when only the input gradient is wanted.
    ///   - inputGradient: receives ∂loss/∂input (`batchSize × inputSize` values), or `nil`.
    public func backward(
        outputGradient: UnsafePointer<Float>,
        workspace: MLPWorkspace,
        parameterGradients: UnsafeMutablePointer<Float>?,
        inputGradient: UnsafeMutablePointer<Float>?
    ) {
        precondition(workspace.architecture == architecture, "MLP workspace was sized for another architecture")
        let batchSize = workspace.batchSize
        precondition(batchSize > 0, "MLP.backward needs a forward pass first")
        let sizes = architecture.layerSizes
        var (delta, spare) = workspace.gradientBuffers
        delta.update(from: outputGradient, count: batchSize * architecture.outputSize)
        parameters.withUnsafeBufferPointer { parameters in
            for layer in stride(from: architecture.layerCount - 1, through: 0, by: -1) {
                let inputs = sizes[layer], outputs = sizes[layer + 1]
                architecture.activation(ofLayer: layer).multiplyByDerivative(
                    delta, outputs: workspace.activations[layer + 1], count: batchSize * outputs)
                let offset = architecture.weightOffset(ofLayer: layer)
                if let parameterGradients {
                    accumulateLayerGradients(
                        delta: delta, layerInput: workspace.activations[layer],
                        inputs: inputs, outputs: outputs, batchSize: batchSize,
                        into: parameterGradients + offset)
                }
                let target = layer > 0 ? spare : inputGradient
                guard let target else { break }
                transpose(parameters.baseAddress! + offset, rows: inputs, columns: outputs,
                          into: workspace.transposedWeights)
                MatrixMultiply.compute(
                    m: batchSize, n: inputs, k: outputs,
                    a: delta, aRowStride: outputs, aColumnStride: 1,
                    b: workspace.transposedWeights, c: target, bias: nil, accumulate: false)
                swap(&delta, &spare)
            }
        }
    }

    /// Writes one dense layer's weight gradient `Xᵀ·δ` and bias gradient `Σ_rows δ`.
    private func accumulateLayerGradients(
        delta: UnsafePointer<Float>, layerInput: UnsafePointer<Float>,
        inputs: Int, outputs: Int, batchSize: Int, into gradients: UnsafeMutablePointer<Float>
    ) {
        MatrixMultiply.compute(
            m: inputs, n: outputs, k: batchSize,
            a: layerInput, aRowStride: 1, aColumnStride: inputs,
            b: delta, c: gradients, bias: nil, accumulate: false)
        let biasGradients = gradients + inputs * outputs
        biasGradients.update(from: delta, count: outputs)
        for row in 1..<max(batchSize, 1) {
            let rowDelta = delta + row * outputs
            var column = 0
            while column + 16 <= outputs {
                let sum = UnsafeRawPointer(biasGradients + column).loadUnaligned(as: SIMD16<Float>.self)
                    + UnsafeRawPointer(rowDelta + column).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(biasGradients + column).storeBytes(of: sum, as: SIMD16<Float>.self)
                column += 16
            }
            while column < outputs {
                biasGradients[column] += rowDelta[column]
                column += 1
            }
        }
    }

    private func transpose(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into result: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            for column in 0..<columns { result[column * rows + row] = matrix[row * columns + column] }
        }
    }
}
