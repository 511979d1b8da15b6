import Foundation
import Testing
@testable import SwiftRLNN

/// RLtools' fast tanh: its formula, the same bits in the vector and scalar forms (training and
/// deployment), and tanh's derivative written in the output for the backward pass.
@Suite struct FastTanhTests {
    @Test func followsRLtoolsFormula() {
        #expect(Activation.fastTanh(0) == 0)
        #expect(Activation.fastTanh(3) == 1 && Activation.fastTanh(50) == 1 && Activation.fastTanh(-4) == -1)
        #expect(Activation.fastTanh(1) == Float(28) / 36)
        for x in stride(from: Float(-3), through: 3, by: 0.25) {
            #expect(abs(Activation.fastTanh(x) - Foundation.tanh(x)) <= 0.025, "x = \(x)")
        }
    }

    @Test func vectorAndScalarFormsGiveTheSameBits() {
        var values = (0..<37).map { Float($0) * 0.23 - 4.1 }
        let scalar = values.map(Activation.fastTanh)
        values.withUnsafeMutableBufferPointer { Activation.fastTanh.apply($0.baseAddress!, count: $0.count) }
        #expect(values.map(\.bitPattern) == scalar.map(\.bitPattern))
    }

    @Test func backwardUsesOneMinusTheOutputSquared() {
        let outputs: [Float] = (0..<20).map { Activation.fastTanh(Float($0) * 0.4 - 4) }
        var gradients = [Float](repeating: 2, count: outputs.count)
        gradients.withUnsafeMutableBufferPointer { g in
            outputs.withUnsafeBufferPointer { Activation.fastTanh.multiplyByDerivative(g.baseAddress!, outputs: $0.baseAddress!, count: 20) }
        }
        #expect(gradients == outputs.map { 2 * (1 - $0 * $0) })
        #expect(gradients.first == 0 && gradients.last == 0)
    }
}
