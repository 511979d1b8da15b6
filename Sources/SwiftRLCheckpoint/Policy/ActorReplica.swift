import SwiftRLAlgorithms
import SwiftRLCore
import SwiftRLNN

/// A rollout worker's copy of a trainer's SAC or TD3 actor: it loads each version of the actor's
/// parameters, received as a safetensors file in PyTorch's names and layout (`actor.0.weight`
/// [out, in], `actor.0.bias`, …), and explores with them as the trainer's own collector would.
///
/// Version 0 is the trainer's initial policy: with it the replica acts uniformly at random, as a
/// trainer does during warm-up. After that SAC samples its policy and TD3 adds its noise. The Swift
/// worker (`swiftrl worker`) and the Python one (through `swiftrl.h`) both act through this type.
/// Like the agent it holds, it is used from one thread at a time.
public final class ActorReplica {
    /// The trainer's algorithm configuration (SAC or TD3).
    public let configuration: AlgorithmConfiguration
    /// Observation length.
    public let observationDimension: Int
    /// Action length.
    public let actionDimension: Int
    /// The version loaded last; nil before the first ``load(version:safetensors:)``.
    public private(set) var version: UInt64?
    private let agent: any OffPolicyAgent
    private var generator: RandomGenerator

    /// An agent of `configuration` for these sizes, its exploration seeded by `seed`.
    /// - Throws: ``ActorWeightsError/incompatible(_:)`` for PPO (its replica is a
    ///   ``PPOActorReplica``) or sizes outside 1 to 65,536.
    public init(configuration: AlgorithmConfiguration, observationDimension: Int, actionDimension: Int,
                seed: UInt64) throws(ActorWeightsError) {
        let sizes = 1...65_536
        guard sizes.contains(observationDimension), sizes.contains(actionDimension) else {
            throw .incompatible("observation and action sizes must be 1 to \(sizes.upperBound)")
        }
        self.configuration = configuration
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        generator = RandomGenerator(seed: seed)
        let pool = ThreadPool(threadCount: 1)
        switch configuration {
        case .sac(let sac):
            agent = SACAgent(observationDimension: observationDimension, actionDimension: actionDimension,
                             configuration: sac, pool: pool, generator: &generator)
        case .td3(let td3):
            agent = TD3Agent(observationDimension: observationDimension, actionDimension: actionDimension,
                             configuration: td3, pool: pool, generator: &generator)
        case .ppo:
            throw .incompatible("a PPO rollout worker acts through PPOActorReplica (swiftrl_actor_create_ppo)")
        }
    }

    /// Loads a version of the actor's parameters.
    /// - Throws: ``ActorWeightsError/malformed(_:)`` when the bytes are not a safetensors file or a
    ///   value is not finite, ``ActorWeightsError/incompatible(_:)`` when a tensor is missing or of
    ///   another shape. The replica is unchanged then.
    public func load(version: UInt64, safetensors: [UInt8]) throws(ActorWeightsError) {
        agent.actor.network.parameters = try Self.actorParameters(safetensors: safetensors,
                                                                  architecture: agent.actor.architecture)
        self.version = version
    }

    /// The action to explore with for `observation`, in the policy's [-1, 1] units.
    /// - Throws: ``ActorWeightsError/noWeights`` before the first load,
    ///   ``ActorWeightsError/incompatible(_:)`` for an observation or action of another length.
    public func explorationAction(for observation: [Float], into action: inout [Float]) throws(ActorWeightsError) {
        guard let version else { throw .noWeights }
        guard observation.count == observationDimension, action.count == actionDimension else {
            throw .incompatible("""
                the actor takes \(observationDimension) observations and gives \(actionDimension) actions, \
                not \(observation.count) and \(action.count)
                """)
        }
        if version == 0 {
            for index in action.indices { action[index] = generator.uniform(-1, 1) }
        } else {
            agent.explorationAction(for: observation, into: &action, generator: &generator)
        }
    }

    /// Called when an episode ends, for exploration that carries state across steps (TD3's
    /// Ornstein-Uhlenbeck noise).
    public func episodeDidEnd() {
        agent.episodeDidEnd()
    }

    /// The loaded actor as a deployable policy acting in `[actionLow, actionHigh]`.
    public func policy(actionLow: [Float], actionHigh: [Float]) -> DeterministicPolicy {
        agent.policy(actionLow: actionLow, actionHigh: actionHigh)
    }

    /// A trainer's actor as the safetensors file replicas load: PyTorch's names and layout, with the
    /// version in its metadata.
    public static func safetensors(of actor: MLP, version: UInt64) -> [UInt8] {
        var file = SafeTensors(metadata: ["format": "pt", "swiftrl_weights_version": String(version)])
        file.addLayers(of: actor.architecture, values: actor.parameters, prefix: "actor")
        return file.serialized()
    }

    /// The actor's flat parameters in a safetensors file, checked against `architecture`.
    /// - Throws: as ``load(version:safetensors:)``.
    public static func actorParameters(safetensors: [UInt8], architecture: MLPArchitecture) throws(ActorWeightsError) -> [Float] {
        try actorParameters(in: weightsFile(safetensors), architecture: architecture)
    }

    /// The weights' safetensors file, parsed.
    /// - Throws: ``ActorWeightsError/malformed(_:)`` when the bytes are not a safetensors file.
    static func weightsFile(_ safetensors: [UInt8]) throws(ActorWeightsError) -> SafeTensors {
        do {
            return try SafeTensors(bytes: safetensors)
        } catch {
            throw .malformed("the weights are not a safetensors file: \(error)")
        }
    }

    /// The actor's flat parameters in a parsed weights file, checked against `architecture`.
    static func actorParameters(in file: SafeTensors, architecture: MLPArchitecture) throws(ActorWeightsError) -> [Float] {
        guard let parameters = file.layers(of: architecture, prefix: "actor") else {
            throw .incompatible("the actor's tensors do not match the policy specification's actor")
        }
        guard parameters.allSatisfy(\.isFinite) else { throw .malformed("an actor parameter is not finite") }
        return parameters
    }
}

/// Why an ``ActorReplica`` refused weights or an action request.
public enum ActorWeightsError: Error, CustomStringConvertible, Equatable {
    /// The bytes are not a safetensors file of finite values.
    case malformed(String)
    /// The weights or arrays are of another actor.
    case incompatible(String)
    /// No version was loaded yet.
    case noWeights

    public var description: String {
        switch self {
        case .malformed(let reason): "malformed weights: \(reason)"
        case .incompatible(let reason): "incompatible weights: \(reason)"
        case .noWeights: "no weights were loaded yet"
        }
    }
}
