import Foundation
import Testing
@testable import SwiftRLDistributed

@Suite struct PackedFloatsTests {
    @Test func roundTripsValuesBitForBit() throws {
        let values: [Float] = [0, -0.0, 1.5, -3.25e-30, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        let bytes = PackedFloats.bytes(values)
        #expect(bytes.count == 24)
        #expect(bytes.prefix(4) == Data([0, 0, 0, 0]))
        #expect(try PackedFloats.values(bytes, count: values.count, name: "x").map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func refusesBytesOfAnotherLength() {
        #expect(throws: MessageError.malformed("x holds 7 bytes, expected 8")) {
            try PackedFloats.values(Data(count: 7), count: 2, name: "x")
        }
        #expect(throws: MessageError.self) { try PackedFloats.flags(Data([0, 2]), count: 2, name: "f") }
    }
}
