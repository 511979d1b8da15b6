import Foundation

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
                    let inputs = architecture.width(at: layer), outputs = architecture.width(at: layer + 1)
                    let weights = parameters.baseAddress! + architecture.weightOffset(ofLayer: layer)
                    let destination = layer == architecture.layerCount - 1 ? output : buffers.0
                    if Self.isDeployedNarrow(inputs: inputs, outputs: outputs) {
                        Self.deployedNarrowLayer(source, weights: weights, inputs: inputs, outputs: outputs, into: destination)
                    } else {
                        Self.deployedWideLayer(source, weights: weights, inputs: inputs, outputs: outputs, into: destination)
                    }
                    Self.applyDeployed(architecture.activation(ofLayer: layer), destination, count: outputs)
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

    /// Whether a deployed layer sums its inputs in 16 lanes (the header's `dense_narrow`).
    public static func isDeployedNarrow(inputs: Int, outputs: Int) -> Bool { outputs < 4 && inputs >= 16 }

    private static func deployedWideLayer(_ input: UnsafePointer<Float>, weights: UnsafePointer<Float>,
                                          inputs: Int, outputs: Int, into output: UnsafeMutablePointer<Float>) {
        output.update(from: weights + inputs * outputs, count: outputs)
        for p in 0..<inputs {
            let x = input[p], row = weights + p * outputs
            var j = 0
            // Lane j of a SIMD16 multiply and add is exactly the scalar `output[j] + x * row[j]`.
            while j + 16 <= outputs {
                let sum = load(output + j) + x * load(row + j)
                UnsafeMutableRawPointer(output + j).storeBytes(of: sum, as: SIMD16<Float>.self)
                j += 16
            }
            while j < outputs {
                output[j] = output[j] + x * row[j]
                j += 1
            }
        }
    }

    private static func deployedNarrowLayer(_ input: UnsafePointer<Float>, weights: UnsafePointer<Float>,
                                            inputs: Int, outputs: Int, into output: UnsafeMutablePointer<Float>) {
        let blocks = inputs - inputs % 16
        withUnsafeTemporaryAllocation(of: Float.self, capacity: inputs) { column in
            let column = column.baseAddress!
            for j in 0..<outputs {
                for p in 0..<inputs { column[p] = weights[p * outputs + j] }
                var lanes = SIMD16<Float>()
                for p in stride(from: 0, to: blocks, by: 16) { lanes = lanes + load(input + p) * load(column + p) }
                var sum = lanes[0]
                for l in 1..<16 { sum = sum + lanes[l] }
                for p in blocks..<inputs { sum = sum + input[p] * column[p] }
                output[j] = weights[inputs * outputs + j] + sum
            }
        }
    }

    private static func load(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }

    private static func load(_ pointer: UnsafeMutablePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }

    private static func applyDeployed(_ activation: Activation, _ values: UnsafeMutablePointer<Float>, count: Int) {
        switch activation {
        case .identity:
            return
        case .relu:
            let blocks = count - count % 16
            for i in 0..<blocks where values[i] < 0 { values[i] = 0 }
            for i in blocks..<count where 0 >= values[i] { values[i] = 0 }
        case .tanh:
            for i in 0..<count { values[i] = Foundation.tanh(values[i]) }
        case .fastTanh:
            for i in 0..<count { values[i] = Activation.fastTanh(values[i]) }
        }
    }
}
