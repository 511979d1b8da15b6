import Foundation

/// Number formats shared by the commands' output.
enum Format {
    /// A return with one decimal, such as `-150.2`.
    static func returnValue(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
