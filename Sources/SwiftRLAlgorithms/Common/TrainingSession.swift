/// A training run of any algorithm, as a driver (the CLI, a Trainer, Python) sees it.
public protocol TrainingSession: AnyObject {
    /// Environment steps the run will take in all.
    var totalSteps: Int { get }
    /// Environment steps taken.
    var environmentSteps: Int { get }
    /// Training episodes finished.
    var episodes: Int { get }
    /// The names of ``latestMetrics``' values, the same for the whole run (`metrics.csv`'s columns).
    var metricNames: [String] { get }
    /// Named metrics of the latest update, if any.
    var latestMetrics: NamedMetrics? { get }
    /// The latest periodic evaluation, if any.
    var latestEvaluation: EvaluationResult? { get }
    /// Called with every episode end and evaluation.
    var eventHandler: ((TrainingEvent) -> Void)? { get set }
    /// The current actor as a deployable policy.
    var policy: DeterministicPolicy { get }
    /// Advances the run by one unit of work (one environment step and its update for SAC and TD3, one
    /// rollout and its update for PPO); returns `true` once the run is finished.
    @discardableResult
    func step() throws(TrainingError) -> Bool
    /// The deterministic action for one observation, in the environment's units; throws
    /// ``TrainingError/observationSize(expected:found:)`` for an observation of another length.
    func action(for observation: [Float]) throws(TrainingError) -> [Float]
    /// Evaluates the deterministic policy over `episodes` episodes, episode `i` seeded with `seed + i`.
    func evaluate(episodes: Int, seed: UInt64?) throws(TrainingError) -> EvaluationResult
    /// Abandons the episodes in progress after a step failed in the environments (an exception in
    /// a Python environment, a NaN it returned): they are reset (continuing their generators), and
    /// what the failed step or rollout saw is not learned from, so that training can go on.
    /// - Throws: ``TrainingError/nonFiniteEnvironmentOutput(step:quantity:environment:)`` when a
    ///   reset observation is not finite.
    func abandonEpisodes() throws(TrainingError)
}

extension OffPolicyTrainingState: TrainingSession {
    public var totalSteps: Int { configuration.steps }
    public var metricNames: [String] { UpdateMetrics.names }
    public var latestMetrics: NamedMetrics? { latestUpdate?.named }
}
