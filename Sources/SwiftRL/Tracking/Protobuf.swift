/// A minimal protocol-buffers encoder: just the wire types TensorBoard's `Event` needs.
///
/// Each field is its number and wire type as one varint key (`number << 3 | wireType`), then the
/// value: a varint (wire type 0: int64, enum), 8 little-endian bytes (wire type 1: double),
/// a length-delimited run of bytes (wire type 2: string, bytes, embedded message) or 4
/// little-endian bytes (wire type 5: float). See https://protobuf.dev/programming-guides/encoding/.
struct ProtobufWriter {
    /// The message so far.
    private(set) var bytes: [UInt8] = []

    /// Appends an `int64` or enum field (wire type 0); negative values take ten bytes, as in protobuf.
    mutating func varintField(_ number: Int, _ value: Int64) {
        key(number, wireType: 0)
        varint(UInt64(bitPattern: value))
    }

    /// Appends a `double` field (wire type 1).
    mutating func doubleField(_ number: Int, _ value: Double) {
        key(number, wireType: 1)
        littleEndian(value.bitPattern, byteCount: 8)
    }

    /// Appends a `float` field (wire type 5).
    mutating func floatField(_ number: Int, _ value: Float) {
        key(number, wireType: 5)
        littleEndian(UInt64(value.bitPattern), byteCount: 4)
    }

    /// Appends a `string` field (wire type 2), UTF-8 encoded.
    mutating func stringField(_ number: Int, _ value: String) {
        bytesField(number, Array(value.utf8))
    }

    /// Appends a `bytes` or embedded-message field (wire type 2).
    mutating func bytesField(_ number: Int, _ value: [UInt8]) {
        key(number, wireType: 2)
        varint(UInt64(value.count))
        bytes += value
    }

    /// Appends an embedded message built by `build`.
    mutating func messageField(_ number: Int, _ build: (inout ProtobufWriter) -> Void) {
        var message = ProtobufWriter()
        build(&message)
        bytesField(number, message.bytes)
    }

    private mutating func key(_ number: Int, wireType: UInt64) {
        varint(UInt64(number) << 3 | wireType)
    }

    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private mutating func littleEndian(_ value: UInt64, byteCount: Int) {
        for index in 0..<byteCount { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }
}
