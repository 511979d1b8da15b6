import Foundation

/// Round tick values for a plot axis: multiples of 1, 2 or 5 times a power of ten.
struct AxisTicks: Sendable, Hashable {
    /// The axis' range.
    var lower: Double
    var upper: Double
    /// The distance between ticks.
    var spacing: Double

    /// About `count` ticks covering `lower...upper` (an empty range is widened around its value);
    /// with `roundingOut` the range is widened to whole ticks, else it is kept and ticks fall inside.
    init(covering lower: Double, _ upper: Double, count: Int = 6, roundingOut: Bool = true) {
        var (lower, upper) = (lower, upper)
        if upper - lower < 1e-9 * max(1, abs(lower)) {
            lower -= max(1, abs(lower) * 0.1)
            upper += max(1, abs(upper) * 0.1)
        }
        let rough = (upper - lower) / Double(max(count - 1, 1))
        let magnitude = pow(10, floor(log10(rough)))
        let spacing = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        self.spacing = spacing
        self.lower = roundingOut ? floor(lower / spacing) * spacing : lower
        self.upper = roundingOut ? ceil(upper / spacing) * spacing : upper
    }

    /// The multiples of ``spacing`` from ``lower`` to ``upper``.
    var values: [Double] {
        let first = ceil(lower / spacing - 1e-9), last = floor(upper / spacing + 1e-9)
        return stride(from: first, through: last, by: 1).map { $0 * spacing }
    }

    /// `value` as a tick label: `1.5M`, `20k`, `-150`, `0.25`.
    func label(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e6 && spacing >= 1e5 { return Self.trimmed(value / 1e6) + "M" }
        if magnitude >= 1e4 && spacing >= 1e3 { return Self.trimmed(value / 1e3) + "k" }
        let decimals = max(0, Int(-floor(log10(spacing))))
        return String(format: "%.\(decimals)f", abs(value) < spacing * 1e-6 ? 0 : value)
    }

    private static func trimmed(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
