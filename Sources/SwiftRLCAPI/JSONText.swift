import Foundation

/// JSON text for the C interface's `*_json` outputs.
enum JSONText {
    /// `value` (dictionaries, arrays, strings, numbers, booleans, `NSNull`) as compact JSON with
    /// sorted keys; a non-finite number becomes `null`, which JSON has no other way to write.
    static func encode(_ value: Any) -> String {
        let cleaned = finite(value)
        guard let data = try? JSONSerialization.data(withJSONObject: cleaned, options: [.sortedKeys]) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A number, or `null` when there is none or it is not finite.
    static func number(_ value: Double?) -> Any {
        guard let value, value.isFinite else { return NSNull() }
        return value
    }

    private static func finite(_ value: Any) -> Any {
        switch value {
        // Exact types only: a Foundation number (a boolean, say) would also cast to Double.
        case let number as Double where type(of: value) == Double.self: number.isFinite ? number : NSNull()
        case let array as [Any]: array.map(finite)
        case let dictionary as [String: Any]: dictionary.mapValues(finite)
        default: value
        }
    }
}
