extension MLP {
    /// The output for one input computed as deployed: exactly the operations of the C header that
    /// `CHeaderExporter` writes, so SwiftRL's evaluation and a header compiled on the same machine
    /// (ISO C, no `-ffast-math`) give the same bits.
    ///
    /// Training runs the fused multiply-adds of ``MatrixMultiply``; deployment targets (a header
    /// compiled without `-march`, a microcontroller) may have no FMA, so this path multiplies and
    /// adds separately, in the header's order:
    /// - layers with at least 4 outputs or fewer than 16 inputs: `out[j] = b[j] + x[0]·w[0][j] + …`,
    ///   added in that order;
    /// - other layers: 16 lane sums over whole blocks of 16 inputs, the lanes added in order 0…15,
    ///   then the remaining inputs one by one, then the bias plus that sum;
    /// - ReLU: whole blocks of 16 values as `x < 0 ? 0 : x`, the rest as `0 ≥ x ? 0 : x`;
    /// - tanh: `tanhf`;
    /// - fast tanh: ``Activation/fastTanh(_:)-(Float)``, `x·(27 + x²)/(27 + 9x²)` after clamping.
    ///
    /// - Parameters:
    ///   - input: `inputSize` values.
    ///   - output: receives `outputSize` values.
    public func deployedOutput(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let width = architecture.maximumWidth
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * width) { scratch in
            var source = UnsafePointer(input)
            var buffers = (scratch.baseAddress!, scratch.baseAddress! + width)
            parameters.withUnsafeBufferPointer { parameters in
                for layer in 0..<architecture.layerCount {
                    let destination = layer == architecture.layerCount - 1 ? output : buffers.0
                    architecture.layer(layer).deployedOutput(
                        source, parameters: parameters.baseAddress! + architecture.weightOffset(ofLayer: layer), into: destination)
                    source = UnsafePointer(destination)
                    buffers = (buffers.1, buffers.0)
                }
            }
        }
    }

    /// The output for one input as deployed (allocates; see ``deployedOutput(_:into:)``).
    public func deployedOutput(for input: [Float]) -> [Float] {
        precondition(input.count == architecture.inputSize,
                     "MLP expects \(architecture.inputSize) inputs, got \(input.count)")
        var output = [Float](repeating: 0, count: architecture.outputSize)
        output.withUnsafeMutableBufferPointer { deployedOutput(input, into: $0.baseAddress!) }
        return output
    }
}
