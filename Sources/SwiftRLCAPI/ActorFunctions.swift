import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLEnvironments

/// What a `swiftrl_actor *` points to: a SAC or TD3 actor that explores, or a PPO actor that samples.
final class ActorHandle {
    /// The largest weights file `swiftrl_actor_load` reads: the relay's message limit (64 MiB).
    static let weightsLimit = 64 << 20

    enum Replica {
        case offPolicy(ActorReplica)
        case onPolicy(PPOActorReplica)
    }

    let replica: Replica
    let algorithm: AlgorithmName

    init(_ replica: Replica, algorithm: AlgorithmName) {
        self.replica = replica
        self.algorithm = algorithm
    }

    /// The version loaded last; nil before the first load.
    var version: UInt64? {
        switch replica {
        case .offPolicy(let replica): replica.version
        case .onPolicy(let replica): replica.version
        }
    }

    /// The SAC or TD3 replica.
    /// - Throws: ``CAPIError`` of kind `.state` for a PPO actor.
    func offPolicy(_ function: String) throws(CAPIError) -> ActorReplica {
        guard case .offPolicy(let replica) = replica else {
            throw CAPIError(.state, "\(function) is for SAC and TD3 actors; a PPO actor samples (swiftrl_actor_sample)")
        }
        return replica
    }

    /// The PPO replica.
    /// - Throws: ``CAPIError`` of kind `.state` for a SAC or TD3 actor.
    func onPolicy(_ function: String) throws(CAPIError) -> PPOActorReplica {
        guard case .onPolicy(let replica) = replica else {
            throw CAPIError(.state, "\(function) is for PPO actors; a SAC or TD3 actor explores (swiftrl_actor_explore)")
        }
        return replica
    }
}

private func actorHandle(_ pointer: OpaquePointer?) throws(CAPIError) -> ActorHandle {
    guard let pointer else { throw CAPIError(.argument, "'actor' is NULL") }
    return Unmanaged<ActorHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
}

@_cdecl("swiftrl_actor_create")
public func cActorCreate(_ algorithm: UnsafePointer<CChar>?, _ configurationJSON: UnsafePointer<CChar>?,
                         _ observationDimension: Int64, _ actionDimension: Int64, _ seed: UInt64,
                         _ output: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    withStatus {
        let output = try required(output, "actor")
        output.pointee = nil
        let name = try AlgorithmName(named: try string(algorithm, "algorithm"))
        let configuration = try AlgorithmConfiguration(
            algorithm: name, json: configurationJSON == nil ? "{}" : try string(configurationJSON, "configuration_json"))
        try configuration.validate()
        let limit = Int64(CallbackChannel.maximumDimension)
        guard (1...limit).contains(observationDimension), (1...limit).contains(actionDimension) else {
            throw CAPIError(.argument, "observation and action dimensions must be 1 to \(limit)")
        }
        let replica = try ActorReplica(configuration: configuration, observationDimension: Int(observationDimension),
                                       actionDimension: Int(actionDimension), seed: seed)
        output.pointee = OpaquePointer(Unmanaged.passRetained(ActorHandle(.offPolicy(replica), algorithm: name)).toOpaque())
    }
}

@_cdecl("swiftrl_actor_free")
public func cActorFree(_ actor: OpaquePointer?) {
    guard let actor else { return }
    Unmanaged<ActorHandle>.fromOpaque(UnsafeRawPointer(actor)).release()
}

@_cdecl("swiftrl_actor_load")
public func cActorLoad(_ actor: OpaquePointer?, _ version: UInt64, _ bytes: UnsafePointer<UInt8>?, _ count: Int64) -> Int32 {
    withStatus {
        let handle = try actorHandle(actor)
        let bytes = try required(bytes, "safetensors")
        guard (0...Int64(ActorHandle.weightsLimit)).contains(count) else {
            throw CAPIError(.argument, "'safetensors' count \(count) is out of range (at most \(ActorHandle.weightsLimit) bytes)")
        }
        let file = Array(UnsafeBufferPointer(start: bytes, count: Int(count)))
        switch handle.replica {
        case .offPolicy(let replica): try replica.load(version: version, safetensors: file)
        case .onPolicy(let replica): try replica.load(version: version, safetensors: file)
        }
    }
}

@_cdecl("swiftrl_actor_version")
public func cActorVersion(_ actor: OpaquePointer?, _ loaded: UnsafeMutablePointer<Int32>?,
                          _ version: UnsafeMutablePointer<UInt64>?) -> Int32 {
    withStatus {
        let current = try actorHandle(actor).version
        try required(loaded, "loaded").pointee = current == nil ? 0 : 1
        try required(version, "version").pointee = current ?? 0
    }
}

@_cdecl("swiftrl_actor_explore")
public func cActorExplore(_ actor: OpaquePointer?, _ observation: UnsafePointer<Float>?, _ observationCount: Int64,
                          _ action: UnsafeMutablePointer<Float>?, _ actionCount: Int64) -> Int32 {
    withStatus {
        let replica = try actorHandle(actor).offPolicy("swiftrl_actor_explore")
        let input = try floats(observation, observationCount, "observation")
        guard input.allSatisfy(\.isFinite) else { throw CAPIError(.argument, "'observation' holds a NaN or an infinity") }
        var result = [Float](repeating: 0, count: replica.actionDimension)
        try replica.explorationAction(for: input, into: &result)
        try write(result, to: action, capacity: actionCount, count: nil)
    }
}

@_cdecl("swiftrl_actor_episode_end")
public func cActorEpisodeEnd(_ actor: OpaquePointer?) -> Int32 {
    withStatus {
        if case .offPolicy(let replica) = try actorHandle(actor).replica { replica.episodeDidEnd() }
    }
}

@_cdecl("swiftrl_actor_policy")
public func cActorPolicy(_ actor: OpaquePointer?, _ actionLow: UnsafePointer<Float>?, _ actionHigh: UnsafePointer<Float>?,
                         _ actionCount: Int64, _ environment: UnsafePointer<CChar>?, _ seed: UInt64,
                         _ output: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    withStatus {
        let handle = try actorHandle(actor)
        guard handle.version != nil else { throw CAPIError(.state, ActorWeightsError.noWeights.description) }
        let policy: DeterministicPolicy
        switch handle.replica {
        case .offPolicy(let replica):
            guard actionCount == Int64(replica.actionDimension) else {
                throw CAPIError(.argument, "the actor has \(replica.actionDimension) actions, not \(actionCount) bounds")
            }
            let low = try floats(actionLow, actionCount, "action_low"), high = try floats(actionHigh, actionCount, "action_high")
            guard zip(low, high).allSatisfy({ $0.isFinite && $1.isFinite && $0 < $1 }) else {
                throw CAPIError(.argument, "action bounds must be finite with low < high")
            }
            policy = replica.policy(actionLow: low, actionHigh: high)
        case .onPolicy(let replica):
            guard actionLow == nil, actionHigh == nil, actionCount == 0 else {
                throw CAPIError(.argument, "a PPO actor acts in the action space it was created for: pass NULL bounds and 0")
            }
            policy = replica.policy
        }
        let metadata = ExportMetadata(algorithm: handle.algorithm.displayName, environment: try string(environment, "environment"),
                                      seed: seed, steps: 0)
        try givePolicy(Policy(policy, metadata: metadata), to: output)
    }
}

@_cdecl("swiftrl_actor_create_ppo")
public func cActorCreatePPO(_ configurationJSON: UnsafePointer<CChar>?, _ observationDimension: Int64,
                            _ discreteActions: Int64, _ actionLow: UnsafePointer<Float>?, _ actionHigh: UnsafePointer<Float>?,
                            _ actionDimension: Int64, _ seed: UInt64,
                            _ output: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    withStatus {
        let output = try required(output, "actor")
        output.pointee = nil
        let configuration = try AlgorithmConfiguration(
            algorithm: .ppo, json: configurationJSON == nil ? "{}" : try string(configurationJSON, "configuration_json"))
        try configuration.validate()
        guard case .ppo(let ppo) = configuration else { throw CAPIError(.argument, "not a PPO configuration") }
        let limit = Int64(CallbackChannel.maximumDimension)
        guard (1...limit).contains(observationDimension) else {
            throw CAPIError(.argument, "the observation dimension must be 1 to \(limit)")
        }
        let actionSpace: ActionSpace
        if discreteActions > 0 {
            guard discreteActions <= limit, actionDimension == 1, actionLow == nil, actionHigh == nil else {
                throw CAPIError(.argument, "a discrete action space has 1 to \(limit) actions, NULL bounds and action dimension 1")
            }
            actionSpace = .discrete(count: Int(discreteActions))
        } else {
            guard discreteActions == 0, (1...limit).contains(actionDimension) else {
                throw CAPIError(.argument, "discrete_actions must be 0 (a box) or more, and a box's dimension 1 to \(limit)")
            }
            let low = try floats(actionLow, actionDimension, "action_low"), high = try floats(actionHigh, actionDimension, "action_high")
            guard zip(low, high).allSatisfy({ $0.isFinite && $1.isFinite && $0 < $1 }) else {
                throw CAPIError(.argument, "action bounds must be finite with low < high")
            }
            actionSpace = .box(BoxSpace(low: low, high: high))
        }
        let replica = try PPOActorReplica(configuration: ppo, observationDimension: Int(observationDimension),
                                          actionSpace: actionSpace, seed: seed)
        output.pointee = OpaquePointer(Unmanaged.passRetained(ActorHandle(.onPolicy(replica), algorithm: .ppo)).toOpaque())
    }
}

@_cdecl("swiftrl_actor_sample")
public func cActorSample(_ actor: OpaquePointer?, _ observation: UnsafePointer<Float>?, _ observationCount: Int64,
                         _ sample: UnsafeMutablePointer<Float>?, _ sampleCount: Int64,
                         _ logProbability: UnsafeMutablePointer<Float>?,
                         _ action: UnsafeMutablePointer<Float>?, _ actionCount: Int64) -> Int32 {
    withStatus {
        let replica = try actorHandle(actor).onPolicy("swiftrl_actor_sample")
        let input = try floats(observation, observationCount, "observation")
        guard input.allSatisfy(\.isFinite) else { throw CAPIError(.argument, "'observation' holds a NaN or an infinity") }
        let sampleOutput = try required(sample, "sample"), actionOutput = try required(action, "action")
        let logProbabilityOutput = try required(logProbability, "log_probability")
        guard sampleCount == Int64(replica.distribution.actionDimension), actionCount == Int64(replica.actionSpace.dimension) else {
            throw CAPIError(.argument, """
                the actor's samples have \(replica.distribution.actionDimension) values and its actions \
                \(replica.actionSpace.dimension), not \(sampleCount) and \(actionCount)
                """)
        }
        var drawn = [Float](repeating: 0, count: Int(sampleCount)), taken = [Float](repeating: 0, count: Int(actionCount))
        logProbabilityOutput.pointee = try replica.act(on: input, sample: &drawn, environmentAction: &taken)
        sampleOutput.update(from: drawn, count: drawn.count)
        actionOutput.update(from: taken, count: taken.count)
    }
}

@_cdecl("swiftrl_actor_rollout")
public func cActorRollout(_ actor: OpaquePointer?, _ stepsPerPacket: UnsafeMutablePointer<Int64>?,
                          _ packetsPerUpdate: UnsafeMutablePointer<Int64>?) -> Int32 {
    withStatus {
        let configuration = try actorHandle(actor).onPolicy("swiftrl_actor_rollout").configuration
        try required(stepsPerPacket, "steps_per_packet").pointee = Int64(configuration.stepsPerEnv)
        try required(packetsPerUpdate, "packets_per_update").pointee = Int64(configuration.numEnvs)
    }
}
