import Foundation
import SwiftRL

/// Prints a Markdown table; the first `textColumns` columns are left-aligned, the others (numbers) right-aligned.
func printTable(_ header: [String], textColumns: Int, _ rows: [[String]]) {
    print("| " + header.joined(separator: " | ") + " |")
    print("|" + header.indices.map { $0 < textColumns ? "---|" : "---:|" }.joined())
    for row in rows { print("| " + row.joined(separator: " | ") + " |") }
    print()
}

/// Microseconds with three significant figures or more.
func microseconds(_ seconds: Double) -> String {
    let value = seconds * 1e6
    return String(format: value < 1 ? "%.3f" : value < 100 ? "%.2f" : "%.1f", value)
}

/// GFLOPS with one decimal.
func gflops(_ value: Double) -> String { String(format: "%.1f", value) }

/// `value` as a whole percentage of `peak`, or "—" without a peak.
func percent(_ value: Double, of peak: Double?) -> String {
    guard let peak else { return "—" }
    return String(format: "%.0f %%", 100 * value / peak)
}

/// The line that opens the report: CPU model, pinning, kernel variant, BLAS core type and date.
func machineLine(pinnedCPU: Int32) -> String {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
        .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    let pinning = pinnedCPU >= 0 ? "pinned to CPU \(pinnedCPU)" : "not pinned"
    let coreType = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { "`\($0)`" } ?? "unset"
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    return "**Machine:** \(model), \(ProcessInfo.processInfo.processorCount) CPUs, \(pinning) · "
        + "kernels selected: `\(KernelVariant.selected)` (CPU supports `\(KernelVariant.supported)`) · "
        + "OPENBLAS_CORETYPE: \(coreType) · \(formatter.string(from: Date()))"
}
