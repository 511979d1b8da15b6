/// The FNV-1a (64-bit) hash of a sequence of `Float` bit patterns, little-endian: an exported header
/// records it so that a changed digit in a weight is caught when the header is loaded back.
enum ParameterChecksum {
    /// The hash of `values`, in order.
    static func of<S: Sequence>(_ values: S) -> UInt64 where S.Element == Float {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in values {
            var bits = value.bitPattern
            for _ in 0..<4 {
                hash = (hash ^ UInt64(bits & 0xFF)) &* 0x100_0000_01b3
                bits >>= 8
            }
        }
        return hash
    }
}
