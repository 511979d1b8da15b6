/// FNV-1a, 64 bits: a fast hash that catches damaged or edited bytes (not a cryptographic digest).
enum Checksum {
    private static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// The hash of `parts` concatenated, as 16 hexadecimal digits.
    static func fnv1a64(_ parts: [UInt8]...) -> String {
        var hash = offsetBasis
        for part in parts {
            for byte in part {
                hash ^= UInt64(byte)
                hash = hash &* prime
            }
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// The checksum line that seals a checkpoint: `checkpoint.json` starts with
/// `{\n  "checksum" : "HEX",` and HEX is ``Checksum/fnv1a64(_:)`` of the file's other bytes (the
/// file with that line removed, exactly as written) followed by `tensors.safetensors`. Any edit to
/// either file, or a file from another checkpoint, breaks the seal. It detects damage and edits,
/// not forgery: it is public so that tools (the fuzzer, a converter) can seal what they changed on
/// purpose, and every value is still checked after the seal.
public enum CheckpointSeal {
    private static let prefix = Array(#"{"#.utf8) + Array("\n  \"checksum\" : \"".utf8)
    private static let suffix = Array("\",".utf8)
    private static let digitCount = 16

    /// `metadata` (JSON text that starts with `{`) with the checksum line inserted after the `{`.
    public static func sealed(metadata: [UInt8], tensors: [UInt8]) -> [UInt8] {
        let checksum = Checksum.fnv1a64(metadata, tensors)
        return prefix + Array(checksum.utf8) + suffix + metadata.dropFirst()
    }

    /// The metadata as it was before ``sealed(metadata:tensors:)``, or nil when the file has no
    /// checksum line or the checksum does not match the two files.
    public static func unsealed(_ file: [UInt8], tensors: [UInt8]) -> [UInt8]? {
        let lineLength = prefix.count + digitCount + suffix.count
        guard file.count > lineLength, file.starts(with: prefix),
              file[(prefix.count + digitCount)..<lineLength].elementsEqual(suffix) else { return nil }
        let checksum = String(decoding: file[prefix.count..<(prefix.count + digitCount)], as: UTF8.self)
        let metadata = [UInt8(ascii: "{")] + file[lineLength...]
        return Checksum.fnv1a64(metadata, tensors) == checksum ? metadata : nil
    }
}
