import ArgumentParser
import Foundation
import SwiftRL

/// `swiftrl export`: writes the policy of a run directory as a self-contained C99 header, or as a
/// safetensors file in PyTorch's layout.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the policy of a run directory as a self-contained C header or a PyTorch-layout safetensors file."
    )

    /// What `export` writes.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case header, safetensors
    }

    @Option(name: .customLong("run-dir"), help: ArgumentHelp("The run directory holding policy.json.", valueName: "dir"))
    var runDirectory: String

    @Option(name: .long, help: ArgumentHelp(
        "header: a C99 header; safetensors: the network in PyTorch's layout (actor.0.weight [out, in], ...).",
        valueName: "format"))
    var format = Format.header

    @Option(name: .long, help: ArgumentHelp("The file to write (default: <dir>/policy.h or <dir>/policy.safetensors).",
                                            valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Prefix of every C name in the header.", valueName: "prefix"))
    var name = "swiftrl_policy"

    func run() throws {
        try reportingErrors {
            let directory = RunDirectory(path: runDirectory)
            switch format {
            case .header:
                let url = output.map { URL(fileURLWithPath: $0) } ?? directory.url.appendingPathComponent("policy.h")
                try RunExport.write(directory, prefix: name, to: url)
                print("wrote \(url.path) (\(name)_evaluate)")
            case .safetensors:
                let url = output.map { URL(fileURLWithPath: $0) } ?? directory.url.appendingPathComponent("policy.safetensors")
                try RunExport.writeTensors(directory, to: url)
                print("wrote \(url.path)")
            }
        }
    }
}
