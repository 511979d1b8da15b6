import SwiftRL

/// Settings that make a training run take a fraction of a second even in a debug build: 300 steps,
/// tiny networks and one-episode evaluations every 100 steps.
enum FastRun {
    static let assignments = [
        "actor.hidden_sizes=[8]", "critic.hidden_sizes=[8]", "batch_size=16",
        "evaluation.interval=100", "evaluation.episodes=1",
    ]

    /// The same settings as `swiftrl train` arguments.
    static let arguments = ["--steps", "300"] + assignments.flatMap { ["--set", $0] }

    /// The configuration of a fast run with `extra` overrides applied last.
    static func configuration(_ extra: [String] = []) throws -> RunConfiguration {
        try RunConfiguration.load(overrides: (["steps=300"] + assignments + extra).map(ConfigurationOverride.init(parsing:)))
    }
}
