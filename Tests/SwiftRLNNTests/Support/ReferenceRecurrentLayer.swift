import Foundation

import SwiftRLNN

/// A naive double-precision LSTM/GRU written from PyTorch's equations, reading the same flat
/// parameter layout as ``RecurrentLayer``: the independent reference for forward passes and,
/// through central differences, for gradients.
struct ReferenceRecurrentLayer {
    let shape: RecurrentShape
    var parameters: [Double]

    init(_ layer: RecurrentLayer) {
        shape = layer.shape
        parameters = layer.parameters.map(Double.init)
    }

    /// Outputs (`time × batch × H`) and final states (`batch × stateWidth`).
    func run(_ input: [Double], time: Int, batch: Int, initialState: [Double],
             episodeStarts: [Bool]) -> (outputs: [Double], finalState: [Double]) {
        let h = shape.hiddenSize, n = shape.inputSize, sw = shape.stateWidth
        var states = (0..<batch).map { Array(initialState[($0 * sw)..<(($0 + 1) * sw)]) }
        var outputs = [Double]()
        for t in 0..<time {
            for b in 0..<batch {
                if episodeStarts[t * batch + b] { states[b] = .init(repeating: 0, count: sw) }
                let x = Array(input[((t * batch + b) * n)..<((t * batch + b + 1) * n)])
                states[b] = step(x, state: states[b])
                outputs += states[b][0..<h]
            }
        }
        return (outputs, states.flatMap { $0 })
    }

    /// `x·Wᵢ[:, gate block] + bᵢ` or `h·Wₕ[:, gate block] + bₕ` for gate `gate`, unit `j`.
    private func product(_ vector: [Double], weightOffset: Int, biasOffset: Int, gate: Int, unit j: Int) -> Double {
        let column = gate * shape.hiddenSize + j
        var sum = parameters[biasOffset + column]
        for (i, value) in vector.enumerated() { sum += value * parameters[weightOffset + i * shape.gateWidth + column] }
        return sum
    }

    private func step(_ x: [Double], state: [Double]) -> [Double] {
        let h = shape.hiddenSize
        let hidden = Array(state[0..<h])
        func inputSide(_ gate: Int, _ j: Int) -> Double {
            product(x, weightOffset: 0, biasOffset: shape.inputBiasOffset, gate: gate, unit: j)
        }
        func hiddenSide(_ gate: Int, _ j: Int) -> Double {
            product(hidden, weightOffset: shape.hiddenWeightOffset, biasOffset: shape.hiddenBiasOffset, gate: gate, unit: j)
        }
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        switch shape.cell {
        case .lstm:
            var newHidden = [Double](), newCell = [Double]()
            for j in 0..<h {
                let i = sigmoid(inputSide(0, j) + hiddenSide(0, j)), f = sigmoid(inputSide(1, j) + hiddenSide(1, j))
                let g = tanh(inputSide(2, j) + hiddenSide(2, j)), o = sigmoid(inputSide(3, j) + hiddenSide(3, j))
                let c = f * state[h + j] + i * g
                newCell.append(c)
                newHidden.append(o * tanh(c))
            }
            return newHidden + newCell
        case .gru:
            return (0..<h).map { j in
                let r = sigmoid(inputSide(0, j) + hiddenSide(0, j)), z = sigmoid(inputSide(1, j) + hiddenSide(1, j))
                let n = tanh(inputSide(2, j) + r * hiddenSide(2, j))
                return (1 - z) * n + z * hidden[j]
            }
        }
    }
}
