import SwiftRLCore
import SwiftRLEnvironments

/// A training run of an off-policy algorithm, advanced one environment step at a time.
///
/// Each ``step()`` picks an action (uniformly random during warm-up, then the agent's exploration
/// action), steps the environment, stores the transition and, once warm-up is over, runs one
/// update. Periodic evaluations run every `evaluation.interval` steps.
///
/// ```swift
/// let state = try SAC(environment: EnvironmentRegistry.make("Pendulum-v1")).makeState(seed: 1)
/// while try !state.step() {}
/// let action = try state.action(for: observation)
/// ```
public final class OffPolicyTrainingState<Agent: OffPolicyAgent>: @unchecked Sendable {
    /// The learner.
    public let agent: Agent
    /// The configuration's loop-related part.
    public let configuration: any OffPolicyConfiguration
    /// The seed the run was made with.
    public let seed: UInt64
    /// The training environment, mid-episode: a vector of one (the single-environment loop is the
    /// case N = 1 of PPO's), reset within the step that ends an episode.
    public let environments: any VectorEnvironment
    /// Transitions collected so far (up to the buffer's capacity).
    public internal(set) var replayBuffer: ReplayBuffer
    /// Environment steps taken.
    public internal(set) var environmentSteps = 0
    /// Training episodes finished.
    public internal(set) var episodes = 0
    /// Updates applied.
    public internal(set) var updates = 0
    /// Metrics of the latest update.
    public internal(set) var latestUpdate: UpdateMetrics?
    /// The latest periodic evaluation.
    public internal(set) var latestEvaluation: EvaluationResult?
    /// Return of each finished training episode, in order.
    public internal(set) var episodeReturns: [Double] = []
    /// Called with every episode end and evaluation, on the training thread.
    public var eventHandler: ((TrainingEvent) -> Void)?

    var generator: RandomGenerator
    /// Creates the fresh environments evaluations (and exported examples) run on.
    public let makeEvaluationEnvironment: @Sendable () throws -> any Environment
    private let batch: ReplayBatch
    private let rescaling: ActionRescaling
    var observation: [Float]
    private var nextObservation: [Float]
    private var normalizedAction: [Float]
    private var environmentAction: [Float]
    var episodeReturn = 0.0
    var episodeLength = 0

    /// Starts a run: seeds the generator, resets the environment.
    /// - Throws: ``TrainingError/unsupportedActionSpace(algorithm:environment:actionSpace:)`` when the
    ///   environment's actions are not continuous.
    init(agent: Agent, algorithm: String, environments: any VectorEnvironment,
         makeEvaluationEnvironment: @escaping @Sendable () throws -> any Environment,
         configuration: any OffPolicyConfiguration, seed: UInt64, generator: RandomGenerator) throws(TrainingError) {
        precondition(environments.environmentCount == 1, "an off-policy run steps one environment")
        guard case .box(let actionBox) = environments.actionSpace else {
            throw .unsupportedActionSpace(algorithm: algorithm, environment: environments.name,
                                          actionSpace: environments.actionSpace.description)
        }
        self.agent = agent
        self.makeEvaluationEnvironment = makeEvaluationEnvironment
        self.configuration = configuration
        self.seed = seed
        self.environments = environments
        self.generator = generator
        let od = agent.observationDimension, ad = agent.actionDimension
        replayBuffer = ReplayBuffer(capacity: min(configuration.replayCapacity, configuration.steps),
                                    observationDimension: od, actionDimension: ad)
        batch = ReplayBatch(size: configuration.batchSize, observationDimension: od, actionDimension: ad)
        rescaling = ActionRescaling(box: actionBox)
        observation = [Float](repeating: 0, count: od)
        nextObservation = observation
        normalizedAction = [Float](repeating: 0, count: ad)
        environmentAction = normalizedAction
        environments.reset(seed: seed)
        readObservation(into: &observation)
        try checkFinite(observation, reward: 0, step: 0)
    }

    /// Whether the step budget is spent.
    public var isFinished: Bool { environmentSteps >= configuration.steps }

    /// Takes one environment step and, after warm-up, one update.
    /// - Returns: `true` once the run has taken all its steps.
    /// - Throws: ``TrainingError`` when the environment returns NaN or infinity (in an observation,
    ///   a reset's observation, or a reward, which must also fit in Float32), or a loss does.
    @discardableResult
    public func step() throws(TrainingError) -> Bool {
        guard !isFinished else { return true }
        if environmentSteps < configuration.warmupSteps {
            for index in normalizedAction.indices { normalizedAction[index] = generator.uniform(-1, 1) }
        } else {
            agent.explorationAction(for: observation, into: &normalizedAction, generator: &generator)
        }
        rescaling.environmentAction(from: normalizedAction, into: &environmentAction)
        environmentAction.withUnsafeBufferPointer { environments.step(actions: $0.baseAddress!) }
        let buffers = environments.buffers
        let outcome = StepOutcome(reward: buffers.rewards[0], terminated: buffers.terminated[0],
                                  truncated: buffers.truncated[0])
        readObservation(from: outcome.isDone ? buffers.finalObservations : buffers.observations, into: &nextObservation)
        environmentSteps += 1
        try checkFinite(nextObservation, reward: outcome.reward, step: environmentSteps)
        replayBuffer.add(observation: observation, action: normalizedAction, reward: Float(outcome.reward),
                         nextObservation: nextObservation, terminated: outcome.terminated)
        episodeReturn += outcome.reward
        episodeLength += 1
        if outcome.isDone {
            try finishEpisode()
        } else {
            swap(&observation, &nextObservation)
        }
        try learnAfterTransition()
        return isFinished
    }

    /// After a transition is stored: one update once warm-up is over, and the periodic evaluation.
    func learnAfterTransition() throws(TrainingError) {
        if environmentSteps >= configuration.warmupSteps && replayBuffer.count >= configuration.batchSize {
            try train()
        }
        let interval = configuration.evaluation.interval
        if interval > 0 && environmentSteps % interval == 0 {
            let result = try evaluate(episodes: configuration.evaluation.episodes)
            latestEvaluation = result
            eventHandler?(.evaluated(step: environmentSteps, result: result))
        }
    }

    /// Abandons the episode in progress (see ``TrainingSession/abandonEpisodes()``); the failed step
    /// still counts in ``environmentSteps``.
    public func abandonEpisodes() throws(TrainingError) {
        environments.reset(seed: nil)
        episodeReturn = 0
        episodeLength = 0
        agent.episodeDidEnd()
        readObservation(into: &observation)
        try checkFinite(observation, reward: 0, step: environmentSteps, quantity: "reset observation")
    }

    /// The deterministic action for `observation`, in the environment's units.
    /// - Throws: ``TrainingError/observationSize(expected:found:)`` for an observation of another length.
    public func action(for observation: [Float]) throws(TrainingError) -> [Float] {
        guard observation.count == agent.observationDimension else {
            throw .observationSize(expected: agent.observationDimension, found: observation.count)
        }
        var normalized = [Float](repeating: 0, count: agent.actionDimension)
        agent.deterministicAction(for: observation, into: &normalized)
        var action = normalized
        rescaling.environmentAction(from: normalized, into: &action)
        return action
    }

    /// The current actor as a deployable, `Codable` policy.
    public var policy: DeterministicPolicy {
        agent.policy(actionLow: rescaling.low, actionHigh: rescaling.high)
    }

    /// Evaluates the deterministic policy on a fresh environment (see
    /// ``OffPolicyAlgorithm/makeEvaluationEnvironment``), episode `i` seeded with `seed + i` (default:
    /// the configuration's evaluation seed).
    /// - Throws: ``TrainingError`` when the environment cannot be created or returns non-finite values.
    public func evaluate(episodes: Int, seed: UInt64? = nil) throws(TrainingError) -> EvaluationResult {
        let environment: any Environment
        do {
            environment = try makeEvaluationEnvironment()
        } catch {
            throw .environmentUnavailable(reason: "\(error)")
        }
        var normalized = [Float](repeating: 0, count: agent.actionDimension)
        return try Evaluation.run(environment: environment, episodes: episodes,
                                  seed: seed ?? configuration.evaluation.seed) { observation, action in
            agent.deterministicAction(for: observation, into: &normalized)
            rescaling.environmentAction(from: normalized, into: &action)
        }
    }

    private func finishEpisode() throws(TrainingError) {
        recordEpisode(return: episodeReturn, length: episodeLength)
        episodeReturn = 0
        episodeLength = 0
        agent.episodeDidEnd()
        readObservation(into: &observation)
        try checkFinite(observation, reward: 0, step: environmentSteps, quantity: "reset observation")
    }

    /// Counts a finished training episode and reports it to ``eventHandler``.
    func recordEpisode(return episodeReturn: Double, length: Int) {
        episodes += 1
        episodeReturns.append(episodeReturn)
        eventHandler?(.episodeFinished(step: environmentSteps, return: episodeReturn, length: length))
    }

    /// Copies the environment's row of `matrix` (its current observations by default) into `target`.
    func readObservation(from matrix: UnsafeMutableBufferPointer<Float>? = nil, into target: inout [Float]) {
        let source = matrix ?? environments.buffers.observations
        target.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source.baseAddress!, count: $0.count) }
    }

    private func train() throws(TrainingError) {
        replayBuffer.sample(into: batch, generator: &generator)
        let metrics = agent.update(batch: batch, generator: &generator)
        updates += 1
        latestUpdate = metrics
        guard metrics.criticLoss.isFinite else { throw .nonFiniteLoss(step: environmentSteps, loss: "critic loss or its gradient") }
        guard metrics.actorLoss.isFinite else { throw .nonFiniteLoss(step: environmentSteps, loss: "actor loss or its gradient") }
    }

    private func checkFinite(_ observed: [Float], reward: Double, step: Int,
                             quantity: String = "observation") throws(TrainingError) {
        guard observed.allSatisfy(\.isFinite) else {
            throw .nonFiniteEnvironmentOutput(step: step, quantity: quantity, environment: environments.name)
        }
        // The replay buffer stores rewards in Float32: a Double beyond its range would be stored as ±∞.
        guard reward.isFinite, Float(reward).isFinite else {
            throw .nonFiniteEnvironmentOutput(step: step, quantity: "reward", environment: environments.name)
        }
    }
}
