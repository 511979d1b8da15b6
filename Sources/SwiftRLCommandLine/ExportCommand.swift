import ArgumentParser
import Foundation
import SwiftRL

/// `swiftrl export`: writes the policy of a run directory as a self-contained C99 header.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the policy of a run directory as a self-contained C header."
    )

    @Option(name: .customLong("run-dir"), help: ArgumentHelp("The run directory holding policy.json.", valueName: "dir"))
    var runDirectory: String

    @Option(name: .long, help: ArgumentHelp("The header to write (default: <dir>/policy.h).", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Prefix of every C name in the header.", valueName: "prefix"))
    var name = "swiftrl_policy"

    func run() throws {
        try reportingErrors {
            let directory = RunDirectory(path: runDirectory)
            let url = output.map { URL(fileURLWithPath: $0) } ?? directory.url.appendingPathComponent("policy.h")
            try RunExport.write(directory, prefix: name, to: url)
            print("wrote \(url.path) (\(name)_evaluate)")
        }
    }
}
