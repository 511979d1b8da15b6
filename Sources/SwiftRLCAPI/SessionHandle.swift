import CSwiftRL
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLCore
import SwiftRLEnvironments

/// What a `swiftrl_session *` points to: a training session with the arguments it was made from
/// (which a saved checkpoint records), the callback channels of environments of the caller's own,
/// and the stop conditions being watched.
final class SessionHandle {
    let algorithm: AlgorithmName
    let configuration: AlgorithmConfiguration
    /// The built-in environment's name, or nil for the caller's environments.
    let builtInEnvironment: String?
    let seed: UInt64
    let session: any SnapshottingSession
    /// A fresh environment for examples and evaluations.
    let makeEvaluationEnvironment: () throws -> any Environment
    private let channels: [CallbackChannel]
    private var monitor = StopConditionMonitor([])
    private var monitorStart = ContinuousClock.now
    /// Why the session cannot go on, after a training step failed.
    private var failure: String?
    /// The return and length of the latest training episode to finish.
    private(set) var latestEpisode: (return: Double, length: Int)?

    init(algorithm: AlgorithmName, configuration: AlgorithmConfiguration, builtInEnvironment: String?,
         training: CallbackChannel?, evaluation: CallbackChannel?, seed: UInt64, pool: ThreadPool) throws {
        self.algorithm = algorithm
        self.configuration = configuration
        self.builtInEnvironment = builtInEnvironment
        self.seed = seed
        channels = [training, evaluation].compactMap { $0 }
        let makeEvaluation: @Sendable () throws -> any Environment
        let makeTraining: @Sendable () throws -> any Environment
        if let name = builtInEnvironment {
            makeEvaluation = { try EnvironmentRegistry.make(name) }
            makeTraining = makeEvaluation
        } else if let training, let evaluation {
            guard evaluation.count == 1 else {
                throw CAPIError(.argument, "the evaluation environment: count is \(evaluation.count), expected 1")
            }
            guard evaluation.observationSpace.dimension == training.observationSpace.dimension,
                  evaluation.actionSpace == training.actionSpace else {
                throw CAPIError(.environment, "the evaluation environment's spaces differ from the training environment's")
            }
            makeEvaluation = { CallbackEnvironment(channel: evaluation) }
            makeTraining = { CallbackEnvironment(channel: training) }
        } else {
            throw CAPIError(.argument, "give either environment_name or both the training and evaluation environments")
        }
        makeEvaluationEnvironment = makeEvaluation
        do {
            session = try Self.makeSession(configuration, training: training, makeTraining: makeTraining,
                                           makeEvaluation: makeEvaluation, seed: seed, pool: pool)
        } catch {
            throw channels.lazy.compactMap { $0.takeFailure() }.first.map { CAPIError(.callback, $0) } ?? error
        }
        session.eventHandler = { [weak self] event in
            if case .episodeFinished(_, let episodeReturn, let length) = event { self?.latestEpisode = (episodeReturn, length) }
        }
    }

    private static func makeSession(_ configuration: AlgorithmConfiguration, training: CallbackChannel?,
                                    makeTraining: @Sendable () throws -> any Environment,
                                    makeEvaluation: @escaping @Sendable () throws -> any Environment,
                                    seed: UInt64, pool: ThreadPool) throws -> any SnapshottingSession {
        let prototype = try makeEvaluation()
        switch configuration {
        case .sac(let sac):
            try requireSingle(training)
            try sac.memoryEstimate(for: prototype).check()
            return try SAC(environment: try makeTraining(), configuration: sac, makeEvaluationEnvironment: makeEvaluation)
                .makeState(seed: seed, pool: pool)
        case .td3(let td3):
            try requireSingle(training)
            try td3.memoryEstimate(for: prototype).check()
            return try TD3(environment: try makeTraining(), configuration: td3, makeEvaluationEnvironment: makeEvaluation)
                .makeState(seed: seed, pool: pool)
        case .ppo(let ppo):
            try ppo.memoryEstimate(for: prototype).check()
            guard let training else {
                return try PPO(environment: prototype.name, configuration: ppo).makeState(seed: seed, pool: pool)
            }
            let makeEnvironments: @Sendable (Int, Int?, ThreadPool) throws -> any VectorEnvironment = { count, horizon, _ in
                guard horizon == nil else {
                    throw ConfigurationError.invalidValue(key: "horizon", value: "\(horizon!)",
                                                          requirement: "null for environments of your own (their own limits apply)")
                }
                guard count == training.count else {
                    throw ConfigurationError.invalidValue(key: "num_envs", value: "\(count)",
                                                          requirement: "the training environment's count, \(training.count)")
                }
                return CallbackVectorEnvironment(channel: training)
            }
            return try PPO(makeEnvironments: makeEnvironments, makeEvaluationEnvironment: makeEvaluation, configuration: ppo)
                .makeState(seed: seed, pool: pool)
        }
    }

    private static func requireSingle(_ training: CallbackChannel?) throws(CAPIError) {
        guard let training, training.count != 1 else { return }
        throw CAPIError(.argument, "the training environment: count is \(training.count); SAC and TD3 step one environment")
    }

    /// The first failure a callback reported since the last call, which is the cause of whatever
    /// followed it (a NaN, a failed step); nil when none did.
    private func takeCallbackFailure() -> CAPIError? {
        let reported = channels.compactMap { $0.takeFailure() }
        return reported.first.map { CAPIError(.callback, $0) }
    }

    /// Runs `body`, a part of training, and reports a callback's failure as the cause of what
    /// followed. After a failure in the environments (a callback's, or a NaN they returned) the
    /// episodes in progress are abandoned and training can go on; any other failure, or one while
    /// abandoning, ends the session.
    func training<Result>(_ body: () throws -> Result) throws -> Result {
        if let failure { throw CAPIError(.state, "the session cannot go on: \(failure)") }
        do {
            let result = try body()
            if let reported = takeCallbackFailure() { throw reported }
            return result
        } catch {
            let reported = takeCallbackFailure() ?? CAPIError(error)
            guard Self.isEnvironmentFailure(error) || reported.status == .callback else {
                failure = reported.message
                throw reported
            }
            do {
                try session.abandonEpisodes()
                if let again = takeCallbackFailure() { throw again }
            } catch {
                failure = "\(reported.message); then resetting the environments failed: \(takeCallbackFailure()?.message ?? CAPIError(error).message)"
            }
            throw reported
        }
    }

    /// Failures of what the environments (or collectors) gave, after which training can go on.
    private static func isEnvironmentFailure(_ error: any Error) -> Bool {
        switch error as? TrainingError {
        case .nonFiniteEnvironmentOutput, .invalidTransition, .invalidRollout: true
        default: false
        }
    }

    /// Runs `body`, which reads the session or steps its evaluation environment; a callback's
    /// failure is reported as the cause of any error.
    func reading<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            let result = try body()
            if let reported = takeCallbackFailure() { throw reported }
            return result
        } catch {
            throw takeCallbackFailure() ?? error
        }
    }

    /// Watches `conditions` from now on.
    func watch(_ conditions: [StopCondition]) throws(ConfigurationError) {
        for (index, condition) in conditions.enumerated() {
            try condition.validate(key: "stop_conditions[\(index)]", metricNames: session.metricNames)
        }
        monitor = StopConditionMonitor(conditions)
        monitorStart = .now
    }

    /// Steps until the run is finished, a stop condition holds, or `maximumUnits` steps (0: no limit).
    func run(maximumUnits: Int) throws -> (finished: Bool, stoppedBy: StopCondition?) {
        var units = 0
        while true {
            let finished = try training { try session.step() }
            units += 1
            let seconds = Self.seconds(ContinuousClock.now - monitorStart)
            if let met = monitor.check(steps: session.environmentSteps, seconds: seconds,
                                       metrics: session.latestMetrics, evaluation: session.latestEvaluation) {
                return (true, met)
            }
            if finished { return (true, nil) }
            if maximumUnits > 0 && units >= maximumUnits { return (false, nil) }
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
