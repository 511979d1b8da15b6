import ArgumentParser

/// The `swiftrl` command: train agents, evaluate and export saved policies, list environments.
public struct SwiftRLCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "swiftrl",
        abstract: "Fast reinforcement learning in Swift.",
        subcommands: [TrainCommand.self, EvalCommand.self, ExportCommand.self, EnvsCommand.self, InfoCommand.self]
    )

    /// Creates the command (ArgumentParser fills in the options).
    public init() {}
}
