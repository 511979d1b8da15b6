import SwiftRLCore
import SwiftRLEnvironments
import SwiftRLNN

/// The acting half of PPO: vectorized environments, a copy of the policy and a random stream of its
/// own. It turns the policy parameters it was last given into ``RolloutBatch``es, and knows nothing of
/// the learner, so that it can run apart from it (in another process or machine) with only the
/// transport in between.
public final class PPOCollector: @unchecked Sendable {
    /// The environments, mid-episode between rollouts.
    public let environments: any VectorEnvironment
    /// The action distribution the actor's outputs parameterize.
    public let distribution: any ActionDistribution
    /// The policy it acts with.
    public private(set) var parameters: PolicyParameters
    /// Its random stream (action sampling).
    public internal(set) var generator: RandomGenerator
    /// Each environment's return and length so far in its current episode.
    var episodeReturns: [Double]
    var episodeLengths: [Int]

    private var network: MLP
    private let workspace: MLPWorkspace
    private let pool: ThreadPool
    private let rescaling: ActionRescaling?
    private let observationDimension: Int
    private let environmentActionDimension: Int
    /// Scratch: normalized observations, normalized actions, the environments' actions.
    private let normalizedObservations: UnsafeMutablePointer<Float>
    private let normalizedActions: UnsafeMutablePointer<Float>
    private let environmentActions: UnsafeMutablePointer<Float>

    /// Creates a collector; call ``reset(seed:)`` before the first rollout.
    init(environments: any VectorEnvironment, architecture: MLPArchitecture, distribution: any ActionDistribution,
         parameters: PolicyParameters, generator: RandomGenerator, pool: ThreadPool) {
        self.environments = environments
        self.distribution = distribution
        self.parameters = parameters
        self.generator = generator
        self.pool = pool
        let count = environments.environmentCount
        observationDimension = environments.observationSpace.dimension
        environmentActionDimension = environments.actionSpace.dimension
        network = MLP(architecture: architecture, parameters: parameters.actor)
        workspace = MLPWorkspace(architecture: architecture, capacity: count)
        if case .box(let box) = environments.actionSpace { rescaling = ActionRescaling(box: box) } else { rescaling = nil }
        episodeReturns = .init(repeating: 0, count: count)
        episodeLengths = .init(repeating: 0, count: count)
        normalizedObservations = .allocateZeroed(count * observationDimension)
        normalizedActions = .allocateZeroed(count * environmentActionDimension)
        environmentActions = .allocateZeroed(count * environmentActionDimension)
    }

    deinit {
        [normalizedObservations, normalizedActions, environmentActions].forEach { $0.deallocate() }
    }

    /// Acts with `parameters` from now on.
    public func update(_ parameters: PolicyParameters) {
        precondition(parameters.actor.count == network.parameters.count, "policy parameters of another shape")
        self.parameters = parameters
        network.parameters = parameters.actor
    }

    /// Resets every environment, environment `i` with seed `seed + i`.
    /// - Throws: ``TrainingError/nonFiniteEnvironmentOutput(step:quantity:environment:)``.
    public func reset(seed: UInt64) throws(TrainingError) {
        environments.reset(seed: seed)
        for index in episodeReturns.indices {
            episodeReturns[index] = 0
            episodeLengths[index] = 0
        }
        try checkObservations(step: 0, quantity: "reset observation")
    }

    /// Steps every environment `batch.steps` times with the current policy, filling `batch`.
    /// - Parameter startStep: environment steps the run had taken before, for the episodes' steps.
    /// - Throws: ``TrainingError/nonFiniteEnvironmentOutput(step:quantity:environment:)`` when an
    ///   environment returns NaN or infinity (or a reward beyond Float32's range).
    public func collect(into batch: inout RolloutBatch, startStep: Int) throws(TrainingError) {
        precondition(batch.environments == environments.environmentCount && batch.observationDimension == observationDimension
                     && batch.actionDimension == distribution.actionDimension, "rollout batch of another shape")
        batch.policyVersion = parameters.version
        batch.finishedEpisodes.removeAll(keepingCapacity: true)
        let count = environments.environmentCount, od = observationDimension
        let buffers = environments.buffers
        for t in 0..<batch.steps {
            let step = startStep + (t + 1) * count
            let observations = UnsafePointer(buffers.observations.baseAddress!)
            batch.observations.withUnsafeMutableBufferPointer {
                ($0.baseAddress! + t * count * od).update(from: observations, count: count * od)
            }
            actOnCurrentObservations(into: &batch, at: t)
            environments.step(actions: environmentActions)
            try checkObservations(step: step, quantity: "observation")
            for e in 0..<count {
                let index = t * count + e, reward = buffers.rewards[e]
                guard reward.isFinite, Float(reward).isFinite else {
                    throw .nonFiniteEnvironmentOutput(step: step, quantity: "reward", environment: environments.name)
                }
                batch.rewards[index] = Float(reward)
                batch.terminated[index] = buffers.terminated[e]
                batch.truncated[index] = buffers.truncated[e]
                episodeReturns[e] += reward
                episodeLengths[e] += 1
                guard buffers.terminated[e] || buffers.truncated[e] else { continue }
                let final = UnsafePointer(buffers.finalObservations.baseAddress! + e * od)
                guard (0..<od).allSatisfy({ final[$0].isFinite }) else {
                    throw .nonFiniteEnvironmentOutput(step: step, quantity: "observation", environment: environments.name)
                }
                batch.finalObservations.withUnsafeMutableBufferPointer {
                    ($0.baseAddress! + index * od).update(from: final, count: od)
                }
                batch.finishedEpisodes.append(.init(episodeReturn: episodeReturns[e], length: episodeLengths[e], step: step))
                episodeReturns[e] = 0
                episodeLengths[e] = 0
            }
        }
        batch.lastObservations.withUnsafeMutableBufferPointer {
            $0.baseAddress!.update(from: buffers.observations.baseAddress!, count: count * od)
        }
    }

    /// Samples actions for the environments' current observations: stored actions and their
    /// log-probabilities go to row `t` of `batch`, the environments' actions to `environmentActions`.
    private func actOnCurrentObservations(into batch: inout RolloutBatch, at t: Int) {
        let count = environments.environmentCount, ad = distribution.actionDimension
        var input = UnsafePointer(environments.buffers.observations.baseAddress!)
        if let normalization = parameters.normalization {
            normalization.apply(input, count: count, into: normalizedObservations)
            input = UnsafePointer(normalizedObservations)
        }
        network.forward(input, batchSize: count, workspace: workspace, pool: pool)
        parameters.free.withUnsafeBufferPointer { free in
            let distributionParameters = DistributionParameters(outputs: workspace.output, free: free.baseAddress!)
            batch.actions.withUnsafeMutableBufferPointer { actions in
                batch.logProbabilities.withUnsafeMutableBufferPointer { logProbabilities in
                    distribution.sample(distributionParameters, rows: count, actions: actions.baseAddress! + t * count * ad,
                                        logProbabilities: logProbabilities.baseAddress! + t * count,
                                        generator: &generator)
                    writeEnvironmentActions(from: actions.baseAddress! + t * count * ad)
                }
            }
        }
    }

    /// Turns `count` stored actions into the environments' actions.
    private func writeEnvironmentActions(from stored: UnsafePointer<Float>) {
        let ad = distribution.actionDimension, ed = environmentActionDimension
        for e in 0..<environments.environmentCount {
            distribution.environmentAction(fromSample: stored + e * ad, into: normalizedActions + e * ed)
            if let rescaling {
                rescaling.environmentAction(from: normalizedActions + e * ed, into: environmentActions + e * ed)
            } else {
                (environmentActions + e * ed).update(from: normalizedActions + e * ed, count: ed)
            }
        }
    }

    private func checkObservations(step: Int, quantity: String) throws(TrainingError) {
        let observations = environments.buffers.observations
        guard observations.allSatisfy(\.isFinite) else {
            throw .nonFiniteEnvironmentOutput(step: step, quantity: quantity, environment: environments.name)
        }
    }
}
