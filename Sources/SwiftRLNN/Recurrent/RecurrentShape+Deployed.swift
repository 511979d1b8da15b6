import Foundation

extension RecurrentShape {
    /// One step for one input of a layer of this shape with the parameters at `p`, computed as deployed: plain multiplications and additions in a fixed
    /// order and the C library's `expf` and `tanhf`, the operations an exported header repeats, so
    /// that SwiftRL's evaluation and a compiled header agree. Training runs the fused kernels of
    /// ``forward(_:time:batch:parameters:initialState:episodeStarts:workspace:pool:)`` instead; the two differ by
    /// rounding only.
    ///
    /// Each gate's preactivation is `(bᵢ[j] + Σₚ x[p]·Wᵢ[p][j])` plus `(bₕ[j] + Σₚ h[p]·Wₕ[p][j])`,
    /// each sum taken in the order of `p`; σ(v) is `1 / (1 + expf(−v))`.
    ///
    /// - Parameters:
    ///   - input: `inputSize` values.
    ///   - state: `stateWidth` values (`h`, then an LSTM's `c`), advanced in place.
    ///   - output: receives `hiddenSize` values (the new `h`).
    public func deployedStep(_ input: UnsafePointer<Float>, state: UnsafeMutablePointer<Float>,
                             parameters p: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let h = hiddenSize, g = gateWidth
        // An array, not withUnsafeTemporaryAllocation: with that, release builds of Swift 6.3.1
        // trapped here ("arithmetic overflow") at hidden size 64 but not 32; the cause is not known.
        var scratch = [Float](repeating: 0, count: 2 * g)
        scratch.withUnsafeMutableBufferPointer { scratch in
            let inputSide = scratch.baseAddress!, hiddenSide = scratch.baseAddress! + g
            Self.deployedProduct(input, count: inputSize, weights: p, bias: p + inputBiasOffset, columns: g, into: inputSide)
            Self.deployedProduct(state, count: h, weights: p + hiddenWeightOffset, bias: p + hiddenBiasOffset,
                                 columns: g, into: hiddenSide)
            func sigmoid(_ v: Float) -> Float { 1 / (1 + expf(-v)) }
            switch cell {
            case .lstm:
                for j in 0..<h {
                    let i = sigmoid(inputSide[j] + hiddenSide[j]), f = sigmoid(inputSide[h + j] + hiddenSide[h + j])
                    let c = tanhf(inputSide[2 * h + j] + hiddenSide[2 * h + j])
                    let o = sigmoid(inputSide[3 * h + j] + hiddenSide[3 * h + j])
                    let cell = f * state[h + j] + i * c
                    state[h + j] = cell
                    output[j] = o * tanhf(cell)
                }
            case .gru:
                for j in 0..<h {
                    let r = sigmoid(inputSide[j] + hiddenSide[j]), z = sigmoid(inputSide[h + j] + hiddenSide[h + j])
                    let n = tanhf(inputSide[2 * h + j] + r * hiddenSide[2 * h + j])
                    output[j] = (1 - z) * n + z * state[j]
                }
            }
            state.update(from: output, count: h)
        }
    }

    /// `into[j] = bias[j] + Σₚ vector[p] · weights[p][j]` for a row-major `count × columns` matrix,
    /// each sum in the order of `p`.
    private static func deployedProduct(_ vector: UnsafePointer<Float>, count: Int, weights: UnsafePointer<Float>,
                                        bias: UnsafePointer<Float>, columns: Int, into result: UnsafeMutablePointer<Float>) {
        result.update(from: bias, count: columns)
        for p in 0..<count {
            let x = vector[p], row = weights + p * columns
            for j in 0..<columns { result[j] = result[j] + x * row[j] }
        }
    }
}
