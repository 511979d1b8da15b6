import Foundation
@testable import SwiftRLCheckpoint
import Testing

@Suite struct SafeTensorsTests {
    @Test func roundTripKeepsEveryBit() throws {
        let floats: [Float] = [1, -0.0, .nan, .infinity, .leastNonzeroMagnitude, 3.14159]
        let doubles: [Double] = [1e300, -2.5, .pi, 0]
        let original = SafeTensors(
            tensors: ["a.parameters": .init(floats, shape: [2, 3]), "b": .init(doubles), "empty": .init([Float]())],
            metadata: ["format": "test"])
        let decoded = try SafeTensors(bytes: original.serialized())
        #expect(decoded.metadata == original.metadata)
        #expect(decoded.tensors["a.parameters"]?.shape == [2, 3])
        #expect(decoded.tensors["a.parameters"]?.floats?.map(\.bitPattern) == floats.map(\.bitPattern))
        #expect(decoded.tensors["b"]?.doubles?.map(\.bitPattern) == doubles.map(\.bitPattern))
        #expect(decoded.tensors["empty"]?.count == 0)
    }

    /// The exact bytes of a one-tensor file: length, space-padded JSON header, little-endian data.
    @Test func knownBytes() throws {
        let bytes = SafeTensors(tensors: ["x": .init([Float(1), 2])]).serialized()
        let header = #"{"x":{"data_offsets":[0,8],"dtype":"F32","shape":[2]}}"#
        var expected: [UInt8] = [56, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8)
        expected += [UInt8](repeating: 0x20, count: 56 - header.utf8.count)
        expected += [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40]
        #expect(bytes == expected)
    }

    @Test func truncatedFilesAreRejected() throws {
        let bytes = SafeTensors(tensors: ["x": .init([Float](repeating: 1, count: 10))]).serialized()
        for length in [0, 5, 8, 20, bytes.count - 1] {
            #expect(throws: SafeTensors.FormatError.truncated) { try SafeTensors(bytes: Array(bytes.prefix(length))) }
        }
    }

    @Test func malformedHeadersAreRejectedWithoutCrashing() throws {
        func file(_ header: String, data: [UInt8] = []) -> [UInt8] {
            let json = Array(header.utf8)
            return (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) } + json + data
        }
        let cases: [[UInt8]] = [
            file("not json"), file("[1, 2]"),
            file(#"{"x":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}"#, data: [0, 0]),
            file(#"{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
            file(#"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
            file(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: [0, 0, 0, 0]),
            file(#"{"x":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
            file(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0, 9]),
            [255, 255, 255, 255, 255, 255, 255, 255, 1],
        ]
        for bytes in cases {
            #expect(throws: SafeTensors.FormatError.self) { try SafeTensors(bytes: bytes) }
        }
    }
}
