import SwiftRLAlgorithms
import SwiftRLCheckpoint

/// What a `swiftrl_actor *` points to.
final class ActorHandle {
    /// The largest weights file `swiftrl_actor_load` reads: the relay's message limit (64 MiB).
    static let weightsLimit = 64 << 20

    let replica: ActorReplica
    let algorithm: AlgorithmName

    init(_ replica: ActorReplica, algorithm: AlgorithmName) {
        self.replica = replica
        self.algorithm = algorithm
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
        output.pointee = OpaquePointer(Unmanaged.passRetained(ActorHandle(replica, algorithm: name)).toOpaque())
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
        let replica = try actorHandle(actor).replica
        let bytes = try required(bytes, "safetensors")
        guard (0...Int64(ActorHandle.weightsLimit)).contains(count) else {
            throw CAPIError(.argument, "'safetensors' count \(count) is out of range (at most \(ActorHandle.weightsLimit) bytes)")
        }
        try replica.load(version: version, safetensors: Array(UnsafeBufferPointer(start: bytes, count: Int(count))))
    }
}

@_cdecl("swiftrl_actor_version")
public func cActorVersion(_ actor: OpaquePointer?, _ loaded: UnsafeMutablePointer<Int32>?,
                          _ version: UnsafeMutablePointer<UInt64>?) -> Int32 {
    withStatus {
        let current = try actorHandle(actor).replica.version
        try required(loaded, "loaded").pointee = current == nil ? 0 : 1
        try required(version, "version").pointee = current ?? 0
    }
}

@_cdecl("swiftrl_actor_explore")
public func cActorExplore(_ actor: OpaquePointer?, _ observation: UnsafePointer<Float>?, _ observationCount: Int64,
                          _ action: UnsafeMutablePointer<Float>?, _ actionCount: Int64) -> Int32 {
    withStatus {
        let replica = try actorHandle(actor).replica
        let input = try floats(observation, observationCount, "observation")
        guard input.allSatisfy(\.isFinite) else { throw CAPIError(.argument, "'observation' holds a NaN or an infinity") }
        var result = [Float](repeating: 0, count: replica.actionDimension)
        try replica.explorationAction(for: input, into: &result)
        try write(result, to: action, capacity: actionCount, count: nil)
    }
}

@_cdecl("swiftrl_actor_episode_end")
public func cActorEpisodeEnd(_ actor: OpaquePointer?) -> Int32 {
    withStatus { try actorHandle(actor).replica.episodeDidEnd() }
}

@_cdecl("swiftrl_actor_policy")
public func cActorPolicy(_ actor: OpaquePointer?, _ actionLow: UnsafePointer<Float>?, _ actionHigh: UnsafePointer<Float>?,
                         _ actionCount: Int64, _ environment: UnsafePointer<CChar>?, _ seed: UInt64,
                         _ output: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    withStatus {
        let handle = try actorHandle(actor)
        let replica = handle.replica
        guard replica.version != nil else { throw CAPIError(.state, ActorWeightsError.noWeights.description) }
        guard actionCount == Int64(replica.actionDimension) else {
            throw CAPIError(.argument, "the actor has \(replica.actionDimension) actions, not \(actionCount) bounds")
        }
        let low = try floats(actionLow, actionCount, "action_low"), high = try floats(actionHigh, actionCount, "action_high")
        guard zip(low, high).allSatisfy({ $0.isFinite && $1.isFinite && $0 < $1 }) else {
            throw CAPIError(.argument, "action bounds must be finite with low < high")
        }
        let metadata = ExportMetadata(algorithm: handle.algorithm.displayName, environment: try string(environment, "environment"),
                                      seed: seed, steps: 0)
        try givePolicy(Policy(replica.policy(actionLow: low, actionHigh: high), metadata: metadata), to: output)
    }
}
