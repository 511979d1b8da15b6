import SwiftRLCheckpoint
import SwiftRLCore
import Testing

@Suite("Hexadecimal float literals")
struct HexFloatTests {
    @Test("known values are written as C99 hex literals")
    func knownValues() {
        #expect(HexFloat.literal(3.14159265) == "0x1.921fb6p+1f")
        #expect(HexFloat.literal(1) == "0x1p+0f")
        #expect(HexFloat.literal(-0.5) == "-0x1p-1f")
        #expect(HexFloat.literal(0) == "0x0p+0f")
        #expect(HexFloat.literal(-0.0) == "-0x0p+0f")
        #expect(HexFloat.literal(.leastNonzeroMagnitude) == "0x0.000002p-126f")
        #expect(HexFloat.literal(.greatestFiniteMagnitude) == "0x1.fffffep+127f")
        #expect(HexFloat.literal(.infinity) == nil)
        #expect(HexFloat.literal(.nan) == nil)
    }

    @Test("every kind of finite float reads back to the same bits")
    func roundTrip() {
        var generator = RandomGenerator(seed: 3)
        var values: [Float] = [0, -0.0, .leastNonzeroMagnitude, -.leastNormalMagnitude, .leastNormalMagnitude,
                               .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1, -1, .ulpOfOne]
        for _ in 0..<20_000 {
            let bits = UInt32(truncatingIfNeeded: generator.next())
            let value = Float(bitPattern: bits)
            if value.isFinite { values.append(value) }
        }
        for value in values {
            let literal = HexFloat.literal(value)!
            #expect(HexFloat.value(of: literal[...])?.bitPattern == value.bitPattern, "\(literal)")
        }
    }

    @Test("text that is not a finite hex literal is refused")
    func refusesOtherText() {
        for text in ["1.5", "0x1.8", "inf", "nan", "0x1p+999f", "0x1.gp+0f", "", "f", "0x"] {
            #expect(HexFloat.value(of: text[...]) == nil, "\(text)")
        }
    }
}
