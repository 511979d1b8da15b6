import SwiftRLEnvironments
import SwiftRLNN

/// The environments `rows` of a ``PPOCollector``, run through a whole rollout by one thread: its own
/// network workspace, and the episodes it saw finish and the first failure, each with its index in
/// step-then-environment order so that the collector merges them as one thread would have met them.
final class CollectorPart: @unchecked Sendable {
    /// What every part of one rollout shares (each writes only its own rows).
    struct Context: @unchecked Sendable {
        let environments: any VectorEnvironment
        let distribution: any ActionDistribution
        let network: Sequential
        let memory: RecurrentLayer?
        let parameters: PolicyParameters
        let rescaling: ActionRescaling?
        let steps: Int
        let startStep: Int
        let noise: UnsafePointer<Float>
        let rollout: RolloutBatch.Pointers
        let episodeReturns: UnsafeMutablePointer<Double>
        let episodeLengths: UnsafeMutablePointer<Int>
        /// The recurrent actor's states (nil for a feed-forward actor) and the episode-start flags.
        let recurrentStates: UnsafeMutablePointer<Float>?
        let startsEpisode: UnsafeMutablePointer<Bool>
        let normalizedObservations: UnsafeMutablePointer<Float>
        let normalizedActions: UnsafeMutablePointer<Float>
        let environmentActions: UnsafeMutablePointer<Float>
        /// The environments when they can be stepped a range at a time; nil: the only part steps them all.
        let rangeStepping: (any RangeSteppingVectorEnvironment)?
    }

    let rows: Range<Int>
    private let workspace: SequentialWorkspace
    private let recurrentWorkspace: RecurrentWorkspace?
    /// Episodes that finished, with their index `t · environments + e`.
    private(set) var finished: [(index: Int, episode: RolloutBatch.FinishedEpisode)] = []
    /// The first non-finite output, with its index.
    private(set) var failure: (index: Int, error: TrainingError)?

    init(rows: Range<Int>, network: Sequential, memory: RecurrentShape?) {
        self.rows = rows
        workspace = SequentialWorkspace(network, capacity: max(rows.count, 1))
        recurrentWorkspace = memory.map { RecurrentWorkspace(shape: $0, capacity: max(rows.count, 1)) }
    }

    /// Runs the part's environments through the rollout; stops at its first failure.
    func collect(_ c: Context) {
        finished.removeAll(keepingCapacity: true)
        failure = nil
        let count = c.environments.environmentCount, od = c.environments.observationSpace.dimension
        let buffers = c.environments.buffers
        let first = rows.lowerBound, rowCount = rows.count
        let actionSpace = c.environments.actionSpace, ed = actionSpace.dimension
        for t in 0..<c.steps {
            let base = t * count + first, step = c.startStep + (t + 1) * count
            (c.rollout.observations + base * od).update(from: buffers.observations.baseAddress! + first * od,
                                                        count: rowCount * od)
            act(c, at: t)
            let actions = UnsafePointer(c.environmentActions)
            // A user-written distribution could produce an action the environments cannot take
            // (which they would stop the program for): refuse it here.
            for e in rows where !actionSpace.accepts(actions + e * ed) {
                return fail(t * count + e, .distributionMismatch(distribution: c.distribution.name,
                                                                 environment: c.environments.name,
                                                                 actionSpace: actionSpace.description))
            }
            if let environments = c.rangeStepping {
                environments.step(rows: rows, actions: actions)
            } else {
                c.environments.step(actions: actions)
            }
            for e in rows {
                let index = t * count + e, reward = buffers.rewards[e]
                let observation = UnsafePointer(buffers.observations.baseAddress! + e * od)
                guard (0..<od).allSatisfy({ observation[$0].isFinite }) else {
                    return fail(index, .nonFiniteEnvironmentOutput(step: step, quantity: "observation",
                                                                   environment: c.environments.name))
                }
                guard reward.isFinite, Float(reward).isFinite else {
                    return fail(index, .nonFiniteEnvironmentOutput(step: step, quantity: "reward",
                                                                   environment: c.environments.name))
                }
                c.rollout.rewards[index] = Float(reward)
                c.rollout.terminated[index] = buffers.terminated[e]
                c.rollout.truncated[index] = buffers.truncated[e]
                c.startsEpisode[e] = buffers.terminated[e] || buffers.truncated[e]
                c.episodeReturns[e] += reward
                c.episodeLengths[e] += 1
                guard buffers.terminated[e] || buffers.truncated[e] else { continue }
                let final = UnsafePointer(buffers.finalObservations.baseAddress! + e * od)
                guard (0..<od).allSatisfy({ final[$0].isFinite }) else {
                    return fail(index, .nonFiniteEnvironmentOutput(step: step, quantity: "observation",
                                                                   environment: c.environments.name))
                }
                (c.rollout.finalObservations + index * od).update(from: final, count: od)
                finished.append((index, .init(episodeReturn: c.episodeReturns[e], length: c.episodeLengths[e], step: step)))
                c.episodeReturns[e] = 0
                c.episodeLengths[e] = 0
            }
        }
    }

    private func fail(_ index: Int, _ error: TrainingError) {
        failure = (index, error)
    }

    /// Samples actions for the part's current observations into row `t` of the rollout, and writes
    /// the environments' actions.
    private func act(_ c: Context, at t: Int) {
        let count = c.environments.environmentCount, od = c.environments.observationSpace.dimension
        let ad = c.distribution.actionDimension, ed = c.environments.actionSpace.dimension
        let first = rows.lowerBound, base = t * count + first
        var input = UnsafePointer(c.environments.buffers.observations.baseAddress! + first * od)
        if let normalization = c.parameters.normalization {
            normalization.apply(input, count: rows.count, into: c.normalizedObservations + first * od)
            input = UnsafePointer(c.normalizedObservations + first * od)
        }
        for e in rows { c.rollout.episodeStarts[t * count + e] = c.startsEpisode[e] }
        if let memory = c.memory, let states = c.recurrentStates, let recurrentWorkspace {
            let width = memory.shape.stateWidth
            memory.forward(input, time: 1, batch: rows.count, initialState: states + first * width,
                           episodeStarts: c.startsEpisode + first, workspace: recurrentWorkspace)
            (states + first * width).update(from: recurrentWorkspace.finalState, count: rows.count * width)
            input = recurrentWorkspace.outputs
        }
        let outputs = c.network.forward(input, time: 1, batch: rows.count, initialState: nil, episodeStarts: nil,
                                        workspace: workspace)
        c.parameters.free.withUnsafeBufferPointer { free in
            c.distribution.sample(DistributionParameters(outputs: outputs, free: free.baseAddress!),
                                  rows: rows.count, noise: c.noise + base * c.distribution.noisePerSample,
                                  actions: c.rollout.actions + base * ad, logProbabilities: c.rollout.logProbabilities + base)
        }
        for e in rows {
            let stored = UnsafePointer(c.rollout.actions + (t * count + e) * ad)
            c.distribution.environmentAction(fromSample: stored, into: c.normalizedActions + e * ed)
            if let rescaling = c.rescaling {
                rescaling.environmentAction(from: c.normalizedActions + e * ed, into: c.environmentActions + e * ed)
            } else {
                (c.environmentActions + e * ed).update(from: c.normalizedActions + e * ed, count: ed)
            }
        }
    }
}
