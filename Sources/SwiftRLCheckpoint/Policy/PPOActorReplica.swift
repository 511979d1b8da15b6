import SwiftRLAlgorithms
import SwiftRLCore
import SwiftRLEnvironments
import SwiftRLNN

/// A rollout worker's copy of a trainer's feed-forward PPO policy, acting one observation at a time
/// for a caller that steps its environment itself (the Python worker, through `swiftrl.h`).
///
/// It loads each version as the relay broadcasts it (``SwiftRLAlgorithms/PolicyParameters``'
/// safetensors file: the actor, `log_std`, the observation normalization) and samples the
/// configured distribution as a ``SwiftRLAlgorithms/PPOCollector`` does: the observation normalized
/// with the version's statistics, the actor's outputs, the stored sample with its log-probability,
/// and the environment's action (an index, or the distribution's [-1, 1] action rescaled to the box).
/// Its random stream is drawn as the collector of one environment draws it, a rollout's noise
/// (`steps_per_env` actions) at a time, so a worker that samples `steps_per_env` actions per packet
/// takes the same actions, bit for bit, as `swiftrl worker` with the same seed on the same
/// environment. Used from one thread at a time.
public final class PPOActorReplica {
    /// The trainer's PPO configuration.
    public let configuration: PPOConfiguration
    /// Observation length.
    public let observationDimension: Int
    /// The environment's actions.
    public let actionSpace: ActionSpace
    /// The distribution the actor's outputs parameterize.
    public let distribution: any ActionDistribution
    /// The version loaded last; nil before the first ``load(version:safetensors:)``.
    public private(set) var version: UInt64?
    private var network: MLP
    private var parameters: PolicyParameters
    private let workspace: MLPWorkspace
    private let rescaling: ActionRescaling?
    private var generator: RandomGenerator
    /// A rollout's noise, and the row the next action uses.
    private var noise: [Float]
    private var noiseRow: Int
    private var normalizedObservation: [Float]
    private var normalizedAction: [Float]

    /// The most noise values a rollout may draw (256 MiB of them).
    static let noiseLimit = 1 << 26

    /// A replica of `configuration`'s actor for these observations and actions, sampling with
    /// `seed`'s random stream.
    /// - Throws: ``ActorWeightsError/incompatible(_:)`` for a recurrent policy, sizes outside 1 to
    ///   65,536, a distribution that does not fit `actionSpace`, or a rollout's noise beyond
    ///   ``noiseLimit`` values.
    public init(configuration: PPOConfiguration, observationDimension: Int, actionSpace: ActionSpace,
                seed: UInt64) throws(ActorWeightsError) {
        let sizes = 1...65_536
        guard sizes.contains(observationDimension), sizes.contains(actionSpace.dimension) else {
            throw .incompatible("observation and action sizes must be 1 to \(sizes.upperBound)")
        }
        if case .discrete(let count) = actionSpace, !sizes.contains(count) {
            throw .incompatible("a discrete action space has 1 to \(sizes.upperBound) actions")
        }
        guard configuration.recurrent == .none else {
            throw .incompatible("rollout workers act with feed-forward PPO policies, not recurrent ones")
        }
        do {
            distribution = try PPO.distribution(named: configuration.distribution, for: actionSpace, of: "the worker's environment",
                                                initialLogStd: configuration.initialLogStd)
        } catch {
            throw .incompatible("\(error)")
        }
        guard configuration.stepsPerEnv * distribution.noisePerSample <= Self.noiseLimit else {
            throw .incompatible("""
                a rollout's noise (steps_per_env \(configuration.stepsPerEnv) × \(distribution.noisePerSample) values) \
                exceeds \(Self.noiseLimit) values
                """)
        }
        let architecture = configuration.actorArchitecture(observationDimension: observationDimension, distribution: distribution)
        self.configuration = configuration
        self.observationDimension = observationDimension
        self.actionSpace = actionSpace
        network = MLP(architecture: architecture, parameters: .init(repeating: 0, count: architecture.parameterCount))
        parameters = PolicyParameters(version: 0, actor: network.parameters, free: distribution.initialFreeParameters(),
                                      normalization: nil)
        workspace = MLPWorkspace(architecture: architecture, capacity: 1)
        if case .box(let box) = actionSpace { rescaling = ActionRescaling(box: box) } else { rescaling = nil }
        generator = RandomGenerator(seed: seed)
        noise = .init(repeating: 0, count: configuration.stepsPerEnv * distribution.noisePerSample)
        noiseRow = configuration.stepsPerEnv
        normalizedObservation = .init(repeating: 0, count: observationDimension)
        normalizedAction = .init(repeating: 0, count: actionSpace.dimension)
    }

    /// Loads a version of the policy's parameters.
    /// - Throws: ``ActorWeightsError/malformed(_:)`` when the bytes are not a safetensors file or a
    ///   value is not finite, ``ActorWeightsError/incompatible(_:)`` when a tensor is missing or of
    ///   another shape. The replica is unchanged then.
    public func load(version: UInt64, safetensors: [UInt8]) throws(ActorWeightsError) {
        parameters = try PolicyParameters(safetensors: safetensors, version: Int(clamping: version),
                                          architecture: network.architecture,
                                          freeParameterCount: distribution.freeParameterCount,
                                          normalized: configuration.normalizeObservations)
        network.parameters = parameters.actor
        self.version = version
    }

    /// Samples an action for `observation`.
    /// - Parameters:
    ///   - sample: receives the stored action (``SwiftRLAlgorithms/ActionDistribution/actionDimension``
    ///     values: what the packet carries and the learner's log-probabilities are of).
    ///   - environmentAction: receives the action the environment takes (the action space's
    ///     dimension: an index, or values inside the box).
    /// - Returns: the sample's log-probability.
    /// - Throws: ``ActorWeightsError/noWeights`` before the first load,
    ///   ``ActorWeightsError/incompatible(_:)`` for arrays of other lengths.
    public func act(on observation: [Float], sample: inout [Float], environmentAction: inout [Float]) throws(ActorWeightsError) -> Float {
        guard version != nil else { throw .noWeights }
        guard observation.count == observationDimension, sample.count == distribution.actionDimension,
              environmentAction.count == actionSpace.dimension else {
            throw .incompatible("""
                the actor takes \(observationDimension) observations and gives samples of \(distribution.actionDimension) \
                and actions of \(actionSpace.dimension), not \(observation.count), \(sample.count) and \(environmentAction.count)
                """)
        }
        if let normalization = parameters.normalization {
            normalization.apply(observation, count: 1, into: &normalizedObservation)
        } else {
            normalizedObservation = observation
        }
        normalizedObservation.withUnsafeBufferPointer { network.forward($0.baseAddress!, batchSize: 1, workspace: workspace) }
        if noiseRow == configuration.stepsPerEnv {
            noise.withUnsafeMutableBufferPointer {
                distribution.drawNoise(rows: configuration.stepsPerEnv, into: $0.baseAddress!, generator: &generator)
            }
            noiseRow = 0
        }
        let noiseOffset = noiseRow * distribution.noisePerSample
        noiseRow += 1
        var logProbability: Float = 0
        parameters.free.withUnsafeBufferPointer { free in
            noise.withUnsafeBufferPointer { noise in
                sample.withUnsafeMutableBufferPointer { sample in
                    distribution.sample(DistributionParameters(outputs: workspace.output, free: free.baseAddress!), rows: 1,
                                        noise: noise.baseAddress! + noiseOffset, actions: sample.baseAddress!,
                                        logProbabilities: &logProbability)
                    normalizedAction.withUnsafeMutableBufferPointer {
                        distribution.environmentAction(fromSample: sample.baseAddress!, into: $0.baseAddress!)
                    }
                }
            }
        }
        if let rescaling {
            rescaling.environmentAction(from: normalizedAction, into: &environmentAction)
        } else {
            environmentAction = normalizedAction
        }
        return logProbability
    }

    /// The loaded policy as a deployable artifact: observation normalization, actor, the
    /// distribution's deterministic head and the box's bounds.
    public var policy: DeterministicPolicy {
        let (low, high): ([Float], [Float]) = switch actionSpace {
        case .box(let box): (box.low, box.high)
        case .discrete: ([], [])
        }
        return DeterministicPolicy(network: Sequential(network), squashing: distribution.deterministicHead, actionLow: low,
                                   actionHigh: high, observationNormalization: parameters.normalization)
    }
}
