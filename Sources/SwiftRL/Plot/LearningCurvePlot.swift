import Foundation

/// Draws learning curves as a self-contained SVG document: axes with ticks and labels, a title, one
/// line per curve with its ± one standard deviation band (curves of several runs), and a legend.
/// Nothing outside the document is referred to: no script, no external font, image or style sheet.
public struct LearningCurvePlot: Sendable {
    /// The curves to draw.
    public var curves: [LearningCurve]
    /// The title above the plot.
    public var title: String
    /// The document's size in pixels.
    public var width = 800.0, height = 500.0

    /// The colors of successive curves (Matplotlib's `tab10`).
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// Prepares a plot of `curves` (at least one, each with at least one point).
    public init(curves: [LearningCurve], title: String) {
        self.curves = curves
        self.title = title
    }

    /// The SVG document.
    public func svg() -> String {
        let area = (left: 80.0, right: width - 30, top: 50.0, bottom: height - 60)
        let points = curves.flatMap(\.points)
        let xTicks = AxisTicks(covering: 0, Double(points.map(\.step).max() ?? 1), roundingOut: false)
        let yTicks = AxisTicks(covering: points.map { $0.mean - $0.standardDeviation }.min() ?? 0,
                               points.map { $0.mean + $0.standardDeviation }.max() ?? 1)
        let x = { (step: Double) in area.left + (step - xTicks.lower) / (xTicks.upper - xTicks.lower) * (area.right - area.left) }
        let y = { (value: Double) in area.bottom - (value - yTicks.lower) / (yTicks.upper - yTicks.lower) * (area.bottom - area.top) }

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" font-family="sans-serif" font-size="12">
            <title>\(escaped(title))</title>
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(n(width / 2))" y="28" text-anchor="middle" font-size="16" font-weight="bold">\(escaped(title))</text>

            """
        svg += "<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n"
        for value in yTicks.values { svg += "<line x1=\"\(n(area.left))\" y1=\"\(n(y(value)))\" x2=\"\(n(area.right))\" y2=\"\(n(y(value)))\"/>\n" }
        for value in xTicks.values { svg += "<line x1=\"\(n(x(value)))\" y1=\"\(n(area.top))\" x2=\"\(n(x(value)))\" y2=\"\(n(area.bottom))\"/>\n" }
        svg += "</g>\n"
        for (index, curve) in curves.enumerated() where curve.runCount > 1 {
            let upper = curve.points.map { "\(n(x(Double($0.step)))),\(n(y($0.mean + $0.standardDeviation)))" }
            let lower = curve.points.reversed().map { "\(n(x(Double($0.step)))),\(n(y($0.mean - $0.standardDeviation)))" }
            svg += "<path class=\"band\" d=\"M\((upper + lower).joined(separator: " L"))Z\" fill=\"\(color(index))\" fill-opacity=\"0.2\" stroke=\"none\"/>\n"
        }
        for (index, curve) in curves.enumerated() {
            let line = curve.points.map { "\(n(x(Double($0.step)))),\(n(y($0.mean)))" }.joined(separator: " L")
            svg += "<path class=\"curve\" d=\"M\(line)\" fill=\"none\" stroke=\"\(color(index))\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n"
            if curve.points.count == 1 {
                svg += "<circle cx=\"\(n(x(Double(curve.points[0].step))))\" cy=\"\(n(y(curve.points[0].mean)))\" r=\"3\" fill=\"\(color(index))\"/>\n"
            }
        }
        svg += "<g class=\"axes\" stroke=\"black\" stroke-width=\"1\">\n"
        svg += "<line x1=\"\(n(area.left))\" y1=\"\(n(area.bottom))\" x2=\"\(n(area.right))\" y2=\"\(n(area.bottom))\"/>\n"
        svg += "<line x1=\"\(n(area.left))\" y1=\"\(n(area.top))\" x2=\"\(n(area.left))\" y2=\"\(n(area.bottom))\"/>\n"
        for value in xTicks.values { svg += "<line x1=\"\(n(x(value)))\" y1=\"\(n(area.bottom))\" x2=\"\(n(x(value)))\" y2=\"\(n(area.bottom + 5))\"/>\n" }
        for value in yTicks.values { svg += "<line x1=\"\(n(area.left - 5))\" y1=\"\(n(y(value)))\" x2=\"\(n(area.left))\" y2=\"\(n(y(value)))\"/>\n" }
        svg += "</g>\n<g class=\"tick-labels\">\n"
        for value in xTicks.values {
            svg += "<text x=\"\(n(x(value)))\" y=\"\(n(area.bottom + 20))\" text-anchor=\"middle\">\(xTicks.label(value))</text>\n"
        }
        for value in yTicks.values {
            svg += "<text x=\"\(n(area.left - 9))\" y=\"\(n(y(value) + 4))\" text-anchor=\"end\">\(yTicks.label(value))</text>\n"
        }
        svg += "</g>\n"
        svg += "<text x=\"\(n((area.left + area.right) / 2))\" y=\"\(n(height - 18))\" text-anchor=\"middle\" font-size=\"13\">environment steps</text>\n"
        svg += "<text transform=\"translate(22 \(n((area.top + area.bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">evaluation return</text>\n"
        svg += legend(right: area.right, bottom: area.bottom)
        return svg + "</svg>\n"
    }

    /// The legend in the plot's lower right corner, where rising learning curves leave room.
    private func legend(right: Double, bottom: Double) -> String {
        let rowHeight = 18.0
        let textWidth = Double(curves.map(\.label.count).max() ?? 0) * 6.6
        let boxWidth = textWidth + 44, boxHeight = Double(curves.count) * rowHeight + 10
        let left = right - boxWidth - 10, top = bottom - boxHeight - 10
        var svg = "<g class=\"legend\">\n"
        svg += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(boxWidth))\" height=\"\(n(boxHeight))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#b0b0b0\"/>\n"
        for (index, curve) in curves.enumerated() {
            let rowY = top + 5 + rowHeight * (Double(index) + 0.5)
            svg += "<line x1=\"\(n(left + 8))\" y1=\"\(n(rowY))\" x2=\"\(n(left + 30))\" y2=\"\(n(rowY))\" stroke=\"\(color(index))\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(n(left + 36))\" y=\"\(n(rowY + 4))\">\(escaped(curve.label))</text>\n"
        }
        return svg + "</g>\n"
    }

    private func color(_ index: Int) -> String { Self.palette[index % Self.palette.count] }

    /// A coordinate with at most two decimals.
    private func n(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `text` with XML's special characters (and control characters) replaced.
    private func escaped(_ text: String) -> String {
        text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&apos;"
            default: scalar.properties.generalCategory == .control ? " " : String(scalar)
            }
        }.joined()
    }
}
