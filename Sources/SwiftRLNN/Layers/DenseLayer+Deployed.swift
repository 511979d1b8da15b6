import Foundation

extension DenseLayer {
    /// Whether the deployed layer sums its inputs in 16 lanes (the header's `dense_narrow`): fewer
    /// than 4 outputs from at least 16 inputs, as ``MatrixMultiply``'s narrow path.
    public var isDeployedNarrow: Bool { outputs < 4 && inputs >= 16 }

    /// The layer's output for one input as deployed (see ``MLP/deployedOutput(_:into:)`` for the
    /// order of operations, which an exported header repeats).
    /// - Parameters:
    ///   - input: `inputs` values.
    ///   - parameters: the layer's slice of the parameter vector.
    ///   - output: receives `outputs` values.
    public func deployedOutput(_ input: UnsafePointer<Float>, parameters: UnsafePointer<Float>,
                               into output: UnsafeMutablePointer<Float>) {
        if isDeployedNarrow {
            Self.deployedNarrowLayer(input, weights: parameters, inputs: inputs, outputs: outputs, into: output)
        } else {
            Self.deployedWideLayer(input, weights: parameters, inputs: inputs, outputs: outputs, into: output)
        }
        Self.applyDeployed(activation, output, count: outputs)
    }


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
