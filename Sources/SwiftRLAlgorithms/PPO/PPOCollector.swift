import SwiftRLCore
import SwiftRLEnvironments
import SwiftRLNN

/// The acting half of PPO: vectorized environments, a copy of the policy and a random stream of its
/// own. It turns the policy parameters it was last given into ``RolloutBatch``es, and knows nothing of
/// the learner, so that it can run apart from it (in another process or machine) with only the
/// transport in between.
///
/// A rollout's random values are drawn first, in one fixed order (step by step, environment by
/// environment). When the environments can be stepped a range at a time
/// (``SwiftRLEnvironments/RangeSteppingVectorEnvironment``), each thread of the pool then runs its own
/// environments through the whole rollout: acting, stepping and recording, with one hand-off per
/// rollout. Every row's values depend on its environment and its noise alone, so the bits are the
/// same for any number of threads.
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
    /// A recurrent actor's state per environment (`environments × stateWidth`; empty for a
    /// feed-forward actor), and whether each environment's next step starts an episode.
    var recurrentStates: [Float]
    var startsEpisode: [Bool]

    /// The fewest environments worth a thread of their own.
    static let minimumEnvironmentsPerPart = 8

    /// The actor network (behind the recurrent layer, if any), with the parameters it acts with.
    public private(set) var actorNetwork: Sequential
    private(set) var memory: RecurrentLayer?
    private let pool: ThreadPool
    private let parts: [CollectorPart]
    private let rescaling: ActionRescaling?
    private let observationDimension: Int
    private let environmentActionDimension: Int
    private var noise: [Float] = []
    /// Scratch, one row per environment: normalized observations, normalized actions, the environments' actions.
    private let normalizedObservations: UnsafeMutablePointer<Float>
    private let normalizedActions: UnsafeMutablePointer<Float>
    private let environmentActions: UnsafeMutablePointer<Float>

    /// Creates a collector; call ``reset(seed:)`` before the first rollout.
    init(environments: any VectorEnvironment, actor: Sequential, memory: RecurrentShape?,
         distribution: any ActionDistribution, parameters: PolicyParameters, generator: RandomGenerator, pool: ThreadPool) {
        self.environments = environments
        self.distribution = distribution
        self.parameters = parameters
        self.generator = generator
        self.pool = pool
        let count = environments.environmentCount
        observationDimension = environments.observationSpace.dimension
        environmentActionDimension = environments.actionSpace.dimension
        actorNetwork = actor
        actorNetwork.parameters = parameters.actor
        self.memory = memory.map { RecurrentLayer(shape: $0, parameters: parameters.memory) }
        let partCount = environments is any RangeSteppingVectorEnvironment
            ? max(1, min(pool.threadCount, count / Self.minimumEnvironmentsPerPart)) : 1
        parts = (0..<partCount).map { part in
            CollectorPart(rows: (count * part / partCount)..<(count * (part + 1) / partCount), network: actor, memory: memory)
        }
        if case .box(let box) = environments.actionSpace { rescaling = ActionRescaling(box: box) } else { rescaling = nil }
        episodeReturns = .init(repeating: 0, count: count)
        episodeLengths = .init(repeating: 0, count: count)
        recurrentStates = .init(repeating: 0, count: count * (memory?.stateWidth ?? 0))
        startsEpisode = .init(repeating: true, count: count)
        normalizedObservations = .allocateZeroed(count * observationDimension)
        normalizedActions = .allocateZeroed(count * environmentActionDimension)
        environmentActions = .allocateZeroed(count * environmentActionDimension)
    }

    deinit {
        [normalizedObservations, normalizedActions, environmentActions].forEach { $0.deallocate() }
    }

    /// Acts with `parameters` from now on.
    public func update(_ parameters: PolicyParameters) {
        precondition(parameters.actor.count == actorNetwork.parameters.count, "policy parameters of another shape")
        precondition(parameters.memory.count == (memory?.parameters.count ?? 0), "recurrent parameters of another shape")
        self.parameters = parameters
        actorNetwork.parameters = parameters.actor
        memory?.parameters = parameters.memory
    }

    /// Resets every environment, environment `i` with seed `seed + i` (nil: each continues its
    /// generator), and zeroes the episodes' returns and the recurrent states.
    /// - Throws: ``TrainingError/nonFiniteEnvironmentOutput(step:quantity:environment:)``.
    public func reset(seed: UInt64?) throws(TrainingError) {
        environments.reset(seed: seed)
        for index in episodeReturns.indices {
            episodeReturns[index] = 0
            episodeLengths[index] = 0
            startsEpisode[index] = true
        }
        for index in recurrentStates.indices { recurrentStates[index] = 0 }
        guard environments.buffers.observations.allSatisfy(\.isFinite) else {
            throw .nonFiniteEnvironmentOutput(step: 0, quantity: "reset observation", environment: environments.name)
        }
    }

    /// Steps every environment `batch.steps` times with the current policy, filling `batch`.
    /// - Parameter startStep: environment steps the run had taken before, for the episodes' steps.
    /// - Throws: ``TrainingError/nonFiniteEnvironmentOutput(step:quantity:environment:)`` when an
    ///   environment returns NaN or infinity (or a reward beyond Float32's range): the first such
    ///   step in step-then-environment order.
    public func collect(into batch: inout RolloutBatch, startStep: Int) throws(TrainingError) {
        precondition(batch.environments == environments.environmentCount && batch.observationDimension == observationDimension
                     && batch.actionDimension == distribution.actionDimension, "rollout batch of another shape")
        batch.policyVersion = parameters.version
        let noiseCount = batch.transitionCount * distribution.noisePerSample
        if noise.count < noiseCount { noise = .init(repeating: 0, count: noiseCount) }
        noise.withUnsafeMutableBufferPointer {
            distribution.drawNoise(rows: batch.transitionCount, into: $0.baseAddress!, generator: &generator)
        }
        let steps = batch.steps
        batch.initialStates = recurrentStates
        noise.withUnsafeBufferPointer { noise in
            episodeReturns.withUnsafeMutableBufferPointer { returns in
              episodeLengths.withUnsafeMutableBufferPointer { lengths in
                recurrentStates.withUnsafeMutableBufferPointer { states in
                  startsEpisode.withUnsafeMutableBufferPointer { starts in
                    batch.withPointers { rollout in
                        let context = CollectorPart.Context(
                            environments: environments, distribution: distribution, network: actorNetwork, memory: memory,
                            parameters: parameters, rescaling: rescaling, steps: steps, startStep: startStep,
                            noise: noise.baseAddress!, rollout: rollout, episodeReturns: returns.baseAddress!,
                            episodeLengths: lengths.baseAddress!, recurrentStates: states.baseAddress,
                            startsEpisode: starts.baseAddress!, normalizedObservations: normalizedObservations,
                            normalizedActions: normalizedActions, environmentActions: environmentActions,
                            rangeStepping: environments as? any RangeSteppingVectorEnvironment)
                        if parts.count == 1 {
                            parts[0].collect(context)
                        } else {
                            let parts = self.parts
                            pool.run(count: parts.count) { parts[$0].collect(context) }
                        }
                    }
                  }
                }
              }
            }
        }
        if let failure = parts.compactMap(\.failure).min(by: { $0.index < $1.index }) { throw failure.error }
        batch.finishedEpisodes = parts.flatMap(\.finished).sorted { $0.index < $1.index }.map(\.episode)
        batch.lastObservations.withUnsafeMutableBufferPointer {
            $0.baseAddress!.update(from: environments.buffers.observations.baseAddress!,
                                   count: environments.environmentCount * observationDimension)
        }
    }
}
