import SwiftRLEnvironments

/// Observations an environment starts episodes from: realistic example inputs for an export.
public enum ResetObservations {
    /// The first observation after `reset(seed:)` for each seed, on a copy of `environment`.
    public static func of(_ environment: any Environment, seeds: Range<UInt64>) -> [[Float]] {
        var copy = environment
        var observation = [Float](repeating: 0, count: environment.observationSpace.dimension)
        return seeds.map { seed in
            copy.reset(seed: seed, observation: &observation)
            return observation
        }
    }
}
