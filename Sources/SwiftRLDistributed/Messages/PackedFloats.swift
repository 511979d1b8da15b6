import Foundation

/// Float32 vectors as packed little-endian bytes, the layout of every tensor in relay messages.
enum PackedFloats {
    /// The bytes of `values`, 4 per value, little-endian.
    static func bytes(_ values: [Float]) -> Data {
        var data = Data(count: values.count * 4)
        data.withUnsafeMutableBytes { buffer in
            for (index, value) in values.enumerated() {
                buffer.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: index * 4, as: UInt32.self)
            }
        }
        return data
    }

    /// The values of `data`, which must hold exactly `count` of them.
    static func values(_ data: Data, count: Int, name: String) throws(MessageError) -> [Float] {
        guard data.count == count * 4 else {
            throw .malformed("\(name) holds \(data.count) bytes, expected \(count * 4)")
        }
        return data.withUnsafeBytes { buffer in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    /// The flags of `data` (bytes 0 or 1), which must hold exactly `count` of them.
    static func flags(_ data: Data, count: Int, name: String) throws(MessageError) -> [Bool] {
        guard data.count == count else { throw .malformed("\(name) holds \(data.count) bytes, expected \(count)") }
        var flags = [Bool]()
        flags.reserveCapacity(count)
        for byte in data {
            guard byte <= 1 else { throw .malformed("\(name) holds a byte other than 0 or 1") }
            flags.append(byte == 1)
        }
        return flags
    }
}
