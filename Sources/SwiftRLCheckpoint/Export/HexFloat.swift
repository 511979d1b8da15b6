/// Exact text for `Float` values as C99 hexadecimal floating-point literals, e.g. `0x1.921fb6p+1f`.
///
/// Every finite `Float` maps to a literal that a C compiler (and `Float(_:)`) reads back to the same
/// bits: the significand is written in full, so no rounding ever happens.
public enum HexFloat {
    /// The C literal for a finite `value`, with the `f` suffix; `nil` for infinity and NaN, which have
    /// no literal in C99.
    public static func literal(_ value: Float) -> String? {
        guard value.isFinite else { return nil }
        let sign = value.sign == .minus ? "-" : ""
        let bits = value.bitPattern
        let fraction = bits & 0x7F_FFFF
        let biasedExponent = Int((bits >> 23) & 0xFF)
        if biasedExponent == 0 && fraction == 0 { return "\(sign)0x0p+0f" }
        let leading = biasedExponent == 0 ? "0" : "1"
        let exponent = biasedExponent == 0 ? -126 : biasedExponent - 127
        var digits = String(fraction << 1, radix: 16)
        digits = String(repeating: "0", count: 6 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        let point = digits.isEmpty ? "" : "."
        return "\(sign)0x\(leading)\(point)\(digits)p\(exponent < 0 ? "-" : "+")\(abs(exponent))f"
    }

    /// The value of a literal written by ``literal(_:)`` (or any C99 hexadecimal literal with an
    /// optional `f` suffix); `nil` when `text` is not one.
    public static func value(of text: Substring) -> Float? {
        var body = text
        if body.hasSuffix("f") || body.hasSuffix("F") { body = body.dropLast() }
        let unsigned = body.hasPrefix("-") || body.hasPrefix("+") ? body.dropFirst() : body
        guard unsigned.hasPrefix("0x") || unsigned.hasPrefix("0X"), unsigned.contains(where: { $0 == "p" || $0 == "P" }),
              unsigned.dropFirst(2).allSatisfy({ $0.isHexDigit || $0 == "." || $0 == "p" || $0 == "P" || $0 == "+" || $0 == "-" })
        else { return nil }
        guard let value = Float(String(body)), value.isFinite else { return nil }
        return value
    }
}
