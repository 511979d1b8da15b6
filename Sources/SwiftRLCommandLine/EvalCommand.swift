import ArgumentParser
import SwiftRL

/// `swiftrl eval`: runs the policy saved in a run directory.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate the policy saved in a run directory."
    )

    @Option(name: .customLong("run-dir"), help: ArgumentHelp("The run directory holding policy.json.", valueName: "dir"))
    var runDirectory: String

    @Option(name: .long, help: "Episodes to play.")
    var episodes = EvaluationConfiguration().episodes

    @Option(name: .long, help: "Episode i is reset with seed + i.")
    var seed = EvaluationConfiguration().seed

    func run() throws {
        try reportingErrors {
            guard episodes > 0 else { throw ValidationError("--episodes must be a positive integer") }
            let directory = RunDirectory(path: runDirectory)
            let saved = try SavedPolicy.load(from: directory.policyURL)
            let result = try saved.evaluate(episodes: episodes, seed: seed)
            print("\(saved.algorithm.displayName) policy on \(saved.environment) (trained with seed \(saved.seed)): "
                + "evaluation over \(result.episodes) episodes from seed \(seed): "
                + "\(Format.returnValue(result.returnMean)) ± \(Format.returnValue(result.returnStandardDeviation))")
        }
    }
}
