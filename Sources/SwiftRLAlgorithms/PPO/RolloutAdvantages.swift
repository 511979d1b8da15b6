import SwiftRLCore
import SwiftRLNN

/// What a learner derives from a ``RolloutBatch`` before its epochs: normalized observations, the
/// values of the rollout, advantages and returns. Sized once for a rollout.
final class RolloutAdvantages: @unchecked Sendable {
    let capacity: Int
    let observationDimension: Int
    /// `capacity × observationDimension` observations as the networks see them.
    let observations: UnsafeMutablePointer<Float>
    let values: UnsafeMutablePointer<Float>
    let rewards: UnsafeMutablePointer<Float>
    let advantages: UnsafeMutablePointer<Float>
    let returns: UnsafeMutablePointer<Float>
    let episodeEnded: UnsafeMutablePointer<Bool>
    /// Scratch for final and last observations and their values.
    private let extraObservations: UnsafeMutablePointer<Float>
    private let extraValues: UnsafeMutablePointer<Float>
    /// One workspace per thread of the pool for the critic's passes, ``rowsPerPass`` rows each.
    private let valueWorkspaces: [SequentialWorkspace]

    /// The rows of one pass of the critic over a rollout: few enough that a layer's activations stay
    /// in a core's cache (a single pass over PPO Pendulum's 8,192 rows wrote 1 MiB per layer).
    static let rowsPerPass = 256

    init(capacity: Int, environments: Int, observationDimension: Int, critic: Sequential, threads: Int) {
        self.capacity = capacity
        self.observationDimension = observationDimension
        observations = .allocateZeroed(capacity * observationDimension)
        values = .allocateZeroed(capacity)
        rewards = .allocateZeroed(capacity)
        advantages = .allocateZeroed(capacity)
        returns = .allocateZeroed(capacity)
        episodeEnded = .allocate(capacity: capacity)
        episodeEnded.initialize(repeating: false, count: capacity)
        extraObservations = .allocateZeroed(max(capacity, environments) * observationDimension)
        extraValues = .allocateZeroed(max(capacity, environments))
        valueWorkspaces = (0..<threads).map { _ in SequentialWorkspace(critic, capacity: Self.rowsPerPass) }
    }

    deinit {
        [observations, values, rewards, advantages, returns, extraObservations, extraValues].forEach { $0.deallocate() }
        episodeEnded.deallocate()
    }

    /// A recurrent learner's layers in front of its networks, and the passes over the rollout they need.
    struct Memories {
        let actor: RecurrentLayer
        /// The critic's own layer, or nil when it reads the actor's (`shared_memory`).
        let critic: RecurrentLayer?
        let sequences: RolloutSequences

        /// The layer the critic reads.
        var criticReads: RecurrentLayer { critic ?? actor }
    }

    /// Fills every buffer from `batch`: observations normalized with `normalization`, values from
    /// `critic` (behind `memories.critic` when recurrent, from `criticStates`, which then move on to
    /// the state after the rollout; behind the actor's layer, from the collector's states, when the
    /// layer is shared), rewards (already normalized by the caller in `rewards`)
    /// bootstrapped with γ·V(final observation) on truncation, then GAE. A recurrent learner's chunk
    /// states are recorded in `memories.sequences`.
    func compute(from batch: RolloutBatch, rewards batchRewards: [Float], critic: Sequential, memories: Memories?,
                 criticStates: inout [Float], normalization: ObservationNormalization?, gamma: Float, lambda: Float,
                 pool: ThreadPool) {
        let count = batch.transitionCount, od = observationDimension
        batch.observations.withUnsafeBufferPointer { normalize($0.baseAddress!, count: count, into: observations, normalization) }
        if let memories {
            memories.sequences.recordActorStates(memories.actor, observations: observations, batch: batch)
            let features = if let criticMemory = memories.critic {
                memories.sequences.runCritic(criticMemory, observations: observations, batch: batch, states: &criticStates)
            } else {
                memories.sequences.actorFeatures
            }
            evaluate(critic, features, count: count, into: values, pool: pool)
        } else {
            evaluate(critic, observations, count: count, into: values, pool: pool)
        }
        batchRewards.withUnsafeBufferPointer { rewards.update(from: $0.baseAddress!, count: count) }
        var truncatedIndices = [Int]()
        for index in 0..<count {
            episodeEnded[index] = batch.terminated[index] || batch.truncated[index]
            if batch.truncated[index] && !batch.terminated[index] { truncatedIndices.append(index) }
        }
        if !truncatedIndices.isEmpty {
            batch.finalObservations.withUnsafeBufferPointer { finals in
                for (row, index) in truncatedIndices.enumerated() {
                    (extraObservations + row * od).update(from: finals.baseAddress! + index * od, count: od)
                }
            }
            normalize(extraObservations, count: truncatedIndices.count, into: extraObservations, normalization)
            if let memories {
                for start in stride(from: 0, to: truncatedIndices.count, by: batch.environments) {
                    let group = truncatedIndices[start..<min(start + batch.environments, truncatedIndices.count)]
                    let features = memories.sequences.criticFeatures(memories.criticReads, continuingAfter: group,
                                                                     observations: extraObservations + start * od)
                    evaluate(critic, features, count: group.count, into: extraValues + start, pool: pool)
                }
            } else {
                evaluate(critic, extraObservations, count: truncatedIndices.count, into: extraValues, pool: pool)
            }
            for (row, index) in truncatedIndices.enumerated() { rewards[index] += gamma * extraValues[row] }
        }
        batch.lastObservations.withUnsafeBufferPointer {
            normalize($0.baseAddress!, count: batch.environments, into: extraObservations, normalization)
        }
        if let memories {
            let states = memories.critic == nil ? memories.sequences.finalStates : criticStates
            let features = memories.sequences.criticFeaturesAfterRollout(memories.criticReads, states: states,
                                                                         observations: extraObservations, batch: batch)
            evaluate(critic, features, count: batch.environments, into: extraValues, pool: pool)
        } else {
            evaluate(critic, extraObservations, count: batch.environments, into: extraValues, pool: pool)
        }
        GeneralizedAdvantageEstimation.compute(
            steps: batch.steps, environments: batch.environments, gamma: gamma, lambda: lambda, rewards: rewards,
            values: values, lastValues: extraValues, episodeEnded: episodeEnded, advantages: advantages, returns: returns)
    }

    /// 1 − Var(returns − values) / Var(returns) over the first `count` transitions (nil when the
    /// returns do not vary).
    func explainedVariance(count: Int) -> Double? {
        func variance(_ value: (Int) -> Double) -> Double {
            var mean = 0.0
            for index in 0..<count { mean += value(index) }
            mean /= Double(count)
            var sum = 0.0
            for index in 0..<count { sum += (value(index) - mean) * (value(index) - mean) }
            return sum / Double(count)
        }
        let returnsVariance = variance { Double(self.returns[$0]) }
        guard returnsVariance > 0 else { return nil }
        return 1 - variance { Double(self.returns[$0] - self.values[$0]) } / returnsVariance
    }

    private func normalize(_ source: UnsafePointer<Float>, count: Int, into destination: UnsafeMutablePointer<Float>,
                           _ normalization: ObservationNormalization?) {
        if let normalization {
            normalization.apply(source, count: count, into: destination)
        } else if UnsafePointer(destination) != source {
            destination.update(from: source, count: count * observationDimension)
        }
    }

    /// The critic's values of `count` inputs, in passes of ``rowsPerPass`` rows, consecutive passes
    /// shared between the pool's threads (each row's value is the same whichever pass computes it).
    private func evaluate(_ critic: Sequential, _ input: UnsafePointer<Float>, count: Int,
                          into output: UnsafeMutablePointer<Float>, pool: ThreadPool) {
        let width = critic.inputSize
        let passes = (count + Self.rowsPerPass - 1) / Self.rowsPerPass
        let parts = min(valueWorkspaces.count, passes)
        pool.run(count: parts) { part in
            let workspace = valueWorkspaces[part]
            for pass in (passes * part / parts)..<(passes * (part + 1) / parts) {
                let start = pass * Self.rowsPerPass, rows = min(Self.rowsPerPass, count - start)
                let values = critic.forward(input + start * width, time: 1, batch: rows, initialState: nil,
                                            episodeStarts: nil, workspace: workspace)
                (output + start).update(from: values, count: rows)
            }
        }
    }
}
