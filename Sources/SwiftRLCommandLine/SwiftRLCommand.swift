import ArgumentParser
import Foundation

/// The `swiftrl` command: train agents, evaluate, export and plot runs, list environments, and run
/// the roles of distributed training (relay, rollout workers, status).
public struct SwiftRLCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "swiftrl",
        abstract: "Fast reinforcement learning in Swift.",
        subcommands: [TrainCommand.self, EvalCommand.self, ExportCommand.self, PlotCommand.self, EnvsCommand.self, InfoCommand.self,
                      CertsCommand.self, ServeCommand.self, WorkerCommand.self, StatusCommand.self]
    )

    /// Creates the command (ArgumentParser fills in the options).
    public init() {}

    /// Parses the command line and runs it, as `main()` does, except that an invalid command line
    /// (an unknown option, a missing value, a failed validation) is one `error:` line and exit status
    /// 64 instead of ArgumentParser's message with the usage; `--help` prints the help as usual.
    public static func runWithOneLineErrors() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
            exit()
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode { exit(withError: error) }
            FileHandle.standardError.write(Data("error: \(oneLine(message(for: error)))\n".utf8))
            exit(withError: ExitCode(code.rawValue))
        }
    }
}
