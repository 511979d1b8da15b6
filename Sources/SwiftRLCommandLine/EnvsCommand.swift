import ArgumentParser
import SwiftRL

/// `swiftrl envs`: lists the built-in environments.
struct EnvsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envs",
        abstract: "List the built-in environments."
    )

    func run() {
        let header = ["NAME", "OBSERVATION SPACE", "ACTION SPACE", "EPISODE LIMIT", "REWARD THRESHOLD"]
        let rows = EnvironmentRegistry.specs.map { spec in
            [spec.name, spec.observationSpace.description, spec.actionSpace.description, "\(spec.maxEpisodeSteps)",
             spec.rewardThreshold.map { "\($0)" } ?? "-"]
        }
        print(Self.table([header] + rows))
    }

    /// The rows as left-aligned columns separated by two spaces.
    static func table(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
