/// FNV-1a, 64 bits: a fast hash that catches damaged bytes (not a cryptographic digest).
enum Checksum {
    /// The hash of `bytes` as 16 hexadecimal digits.
    static func fnv1a64(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
