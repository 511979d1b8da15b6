import Foundation
import SwiftRLEnvironments

/// The outcome of evaluating a policy over several episodes.
public struct EvaluationResult: Sendable, Hashable, Codable {
    /// Each episode's undiscounted return.
    public var returns: [Double]
    /// Each episode's length in steps.
    public var lengths: [Int]

    /// Creates a result.
    public init(returns: [Double], lengths: [Int]) {
        self.returns = returns
        self.lengths = lengths
    }

    /// Episodes evaluated.
    public var episodes: Int { returns.count }
    /// Mean return.
    public var returnMean: Double { returns.reduce(0, +) / Double(max(returns.count, 1)) }
    /// Population standard deviation of the returns (as NumPy's `np.std`).
    public var returnStandardDeviation: Double {
        let mean = returnMean
        return (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(returns.count, 1))).squareRoot()
    }
}

/// Runs whole episodes with a fixed policy.
public enum Evaluation {
    /// Plays `episodes` episodes with `policy`'s deterministic actions, its recurrent state (if any)
    /// zeroed at each episode's start; see ``run(environment:episodes:seed:episodeStarted:policy:)``.
    /// - Throws: ``TrainingError``, also for a policy that does not fit the environment's observations.
    public static func run(environment: any Environment, episodes: Int, seed: UInt64,
                           policy: DeterministicPolicy) throws(TrainingError) -> EvaluationResult {
        var state = policy.initialState
        return try run(environment: environment, episodes: episodes, seed: seed,
                       episodeStarted: { state = policy.initialState }) { observation, action throws(TrainingError) in
            action = try policy.action(for: observation, state: &state)
        }
    }

    /// Plays `episodes` episodes, resetting episode `i` with seed `seed + i`, and records the returns.
    /// - Parameters:
    ///   - environment: a copy is used; the caller's environment is left as it is.
    ///   - episodeStarted: called after each reset (where a recurrent policy zeroes its state).
    ///   - policy: maps an observation to the environment's action.
    /// - Throws: ``TrainingError/nonFiniteEnvironmentOutput(step:quantity:environment:)``.
    public static func run(
        environment: any Environment, episodes: Int, seed: UInt64, episodeStarted: () -> Void = {},
        policy: (_ observation: [Float], _ action: inout [Float]) throws(TrainingError) -> Void
    ) throws(TrainingError) -> EvaluationResult {
        var environment = environment
        var observation = [Float](repeating: 0, count: environment.observationSpace.dimension)
        var action = [Float](repeating: 0, count: environment.actionSpace.dimension)
        var returns = [Double](), lengths = [Int]()
        for episode in 0..<episodes {
            environment.reset(seed: seed &+ UInt64(episode), observation: &observation)
            episodeStarted()
            var total = 0.0, length = 0
            while true {
                try policy(observation, &action)
                let outcome = environment.step(action, observation: &observation)
                length += 1
                guard outcome.reward.isFinite, observation.allSatisfy(\.isFinite) else {
                    throw .nonFiniteEnvironmentOutput(
                        step: length, quantity: outcome.reward.isFinite ? "observation" : "reward",
                        environment: environment.name)
                }
                total += outcome.reward
                if outcome.isDone { break }
            }
            returns.append(total)
            lengths.append(length)
        }
        return EvaluationResult(returns: returns, lengths: lengths)
    }
}
