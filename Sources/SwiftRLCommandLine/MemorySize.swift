/// Sizes written as a number of bytes with an optional binary unit: `1000000`, `512MiB`, `4GiB`
/// (also `K`, `M`, `G`, `T` and `KB`…`TB`, all powers of 1024).
enum MemorySize {
    /// The size in bytes, or nil when `text` is not a positive size that fits in an `Int`.
    static func bytes(_ text: String) -> Int? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count).uppercased()
        let shifts: [String: Int] = ["": 0, "B": 0, "K": 10, "KB": 10, "KIB": 10, "M": 20, "MB": 20, "MIB": 20,
                                     "G": 30, "GB": 30, "GIB": 30, "T": 40, "TB": 40, "TIB": 40]
        guard let count = Int(digits), count > 0, let shift = shifts[unit] else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : bytes
    }
}
