import ArgumentParser
import SwiftRLDistributed

/// `swiftrl status`: a relay's counters (admin token).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print a relay's counters: workers, samples in and out, queue depth, weights version, refusals."
    )

    @OptionGroup var relay: RelayOptions

    func validate() throws {
        guard relay.server != nil else { throw ValidationError("status needs --server and --credentials") }
    }

    func run() throws {
        try reportingErrors {
            guard let connection = try relay.connection(as: .admin) else { return }
            let status = try runBlocking { try await RelayStatus.read(from: connection) }
            print(EnvsCommand.table([
                ["workers connected", "\(status.workersConnected)"],
                ["samples in", "\(status.samplesIn)"],
                ["samples out", "\(status.samplesOut)"],
                ["queue depth", "\(status.queueDepth)"],
                ["retained", "\(status.retained)"],
                ["weights version", "\(status.weightsVersion)"],
                ["refusals", "\(status.refusals)"],
                ["duplicates", "\(status.duplicates)"],
            ]))
        }
    }
}
