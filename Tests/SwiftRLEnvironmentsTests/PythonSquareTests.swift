import Testing
import SwiftRLCore
@testable import SwiftRLEnvironments

/// `pythonSquare(x)` must be `pow(x, 2)` bit for bit: it is a shortcut, not an approximation.
@Suite("x ** 2 without pow")
struct PythonSquareTests {
    private func expectSame(_ x: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = pythonSquare(x), slow = pythonPower(x, 2)
        #expect(fast.bitPattern == slow.bitPattern || (fast.isNaN && slow.isNaN),
                "x = \(x) (\(x.bitPattern)): \(fast) against pow's \(slow)", sourceLocation: sourceLocation)
    }

    @Test("special values, tiny and huge squares, and exact squares")
    func specialValues() {
        for x in [0, -0.0, 1, -1, 2, 3, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .leastNormalMagnitude,
                  .greatestFiniteMagnitude, 0x1p-480, 0x1p-481, 0x1p500, 0x1p511, 0x1p512, 1e-300, 1e300, .pi] {
            expectSame(x)
            expectSame(x.nextUp)
            expectSame(x.nextDown)
        }
    }

    @Test("squares that fall on or beside a midpoint between two doubles take pow's rounding")
    func midpoints() {
        // (1 + k·2⁻²⁷)² = 1 + k·2⁻²⁶ + k²·2⁻⁵⁴: exactly halfway between doubles for odd k.
        for k in 1...20_000 {
            let x = 1 + Double(k) * 0x1p-27
            expectSame(x)
            expectSame(x.nextUp)
            expectSame(x.nextDown)
            expectSame(-x * 0x1p-40)
        }
    }

    @Test("random floats of every exponent, and float squares on and beside midpoints")
    func floats() {
        var generator = RandomGenerator(seed: 8)
        var mismatches = 0
        func check(_ x: Float) {
            let fast = pythonSquare(x), slow = pythonPower(x, 2)
            if fast.bitPattern != slow.bitPattern && !(fast.isNaN && slow.isNaN) { mismatches += 1 }
        }
        for x: Float in [0, -0.0, 1, 2, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .leastNormalMagnitude,
                         .greatestFiniteMagnitude, 0x1p-16, 0x1p16, 0x1p-17, 0x1p17] {
            check(x)
            check(x.nextUp)
            check(x.nextDown)
        }
        for k in 1...4096 {
            let x = 1 + Float(k) * 0x1p-12     // (1 + k·2⁻¹²)² = 1 + k·2⁻¹¹ + k²·2⁻²⁴: on or near midpoints
            check(x)
            check(x.nextUp)
            check(-x.nextDown * 0x1p-9)
        }
        for _ in 0..<2_000_000 {
            let x = Float(sign: generator.index(below: 2) == 0 ? .plus : .minus, exponent: generator.index(below: 100) - 50,
                          significand: Float.random(in: 1..<2, using: &generator))
            check(x)
        }
        #expect(mismatches == 0)
    }

    @Test("random doubles over every exponent Gymnasium's environments meet, and beyond")
    func randomValues() {
        var generator = RandomGenerator(seed: 7)
        var mismatches = 0
        for _ in 0..<2_000_000 {
            let exponent = generator.index(below: 200) - 100
            let x = Double(sign: generator.index(below: 2) == 0 ? .plus : .minus, exponent: exponent,
                           significand: Double.random(in: 1..<2, using: &generator))
            if pythonSquare(x).bitPattern != pythonPower(x, 2).bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
