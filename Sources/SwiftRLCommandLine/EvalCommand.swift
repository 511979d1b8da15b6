import ArgumentParser
import Foundation
import SwiftRL

/// `swiftrl eval`: runs the policy saved in a run directory or exported as a C header.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate the policy saved in a run directory or exported as a C header."
    )

    @Option(name: .customLong("run-dir"), help: ArgumentHelp("The run directory holding policy.json.", valueName: "dir"))
    var runDirectory: String?

    @Option(name: .long, help: ArgumentHelp("A header written by swiftrl export.", valueName: "file"))
    var policy: String?

    @Option(name: .customLong("env"), help: ArgumentHelp("Environment for --policy (default: the header's).", valueName: "name"))
    var environment: String?

    @Option(name: .long, help: "Episodes to play.")
    var episodes = EvaluationConfiguration().episodes

    @Option(name: .long, help: "Episode i is reset with seed + i.")
    var seed = EvaluationConfiguration().seed

    func run() throws {
        try reportingErrors {
            guard episodes > 0 else { throw ValidationError("--episodes must be a positive integer") }
            switch (runDirectory, policy) {
            case (let runDirectory?, nil):
                guard environment == nil else { throw ValidationError("--env goes with --policy, not --run-dir") }
                let saved = try SavedPolicy.load(from: RunDirectory(path: runDirectory).policyURL)
                let result = try saved.evaluate(episodes: episodes, seed: seed)
                report("\(saved.algorithm.displayName) policy on \(saved.environment) (trained with seed \(saved.seed))",
                       result)
            case (nil, let path?):
                let loaded = try Policy(headerAt: URL(fileURLWithPath: path))
                let metadata = loaded.metadata!
                let name = environment ?? metadata.environment
                let result = try SavedPolicy.evaluate(loaded.deterministicPolicy, environment: name,
                                                      episodes: episodes, seed: seed)
                report("\(metadata.algorithm) policy from \(path) on \(name) (trained with seed \(metadata.seed))", result)
            default:
                throw ValidationError("give either --run-dir or --policy")
            }
        }
    }

    private func report(_ subject: String, _ result: EvaluationResult) {
        print("\(subject): evaluation over \(result.episodes) episodes from seed \(seed): "
            + "\(Format.returnValue(result.returnMean)) ± \(Format.returnValue(result.returnStandardDeviation))")
    }
}
