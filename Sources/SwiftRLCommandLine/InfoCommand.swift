import ArgumentParser
import Foundation
import SwiftRL

/// `swiftrl info`: the machine as SwiftRL sees it: CPU, cores, and the kernel variant in use.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the CPU, the cores and the kernel variant SwiftRL uses."
    )

    func run() throws {
        try reportingErrors {
            try KernelEnvironment.validate()
            let rows = [
                ["cpu", Self.cpuModel() ?? "unknown"],
                ["cores", "\(ProcessInfo.processInfo.activeProcessorCount)"],
                ["kernels supported", KernelVariant.supported.description],
                ["kernels selected", KernelVariant.selected.description
                    + (ProcessInfo.processInfo.environment["SWIFTRL_KERNELS"].map { " (SWIFTRL_KERNELS=\($0))" } ?? "")],
            ]
            print(EnvsCommand.table(rows.map { [$0[0] + ":", $0[1]] }))
        }
    }

    /// The CPU's model name from /proc/cpuinfo (Linux), or nil.
    static func cpuModel() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line?.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
