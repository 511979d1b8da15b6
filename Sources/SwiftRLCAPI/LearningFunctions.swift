#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwiftRLAlgorithms
import SwiftRLCheckpoint

/// The session as a learner from transitions collected elsewhere (SAC and TD3).
private func learner(_ handle: SessionHandle) throws(CAPIError) -> any CollectedTransitionLearning {
    guard let learner = handle.session as? any CollectedTransitionLearning else {
        throw CAPIError(.argument, "\(handle.algorithm.displayName) sessions do not learn from collected transitions; SAC and TD3 do")
    }
    return learner
}

@_cdecl("swiftrl_session_learn")
public func cSessionLearn(_ session: OpaquePointer?, _ observation: UnsafePointer<Float>?, _ observationCount: Int64,
                          _ action: UnsafePointer<Float>?, _ actionCount: Int64, _ reward: Float,
                          _ nextObservation: UnsafePointer<Float>?, _ terminated: Int32,
                          _ finished: UnsafeMutablePointer<Int32>?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let learner = try learner(handle)
        let finished = try required(finished, "finished")
        let transition = CollectedTransition(
            observation: try floats(observation, observationCount, "observation"),
            action: try floats(action, actionCount, "action"), reward: reward,
            nextObservation: try floats(nextObservation, observationCount, "next_observation"), terminated: terminated != 0)
        finished.pointee = try handle.training { try learner.learn(from: transition) } ? 1 : 0
    }
}

@_cdecl("swiftrl_session_record_episode")
public func cSessionRecordEpisode(_ session: OpaquePointer?, _ episodeReturn: Double, _ length: Int64) -> Int32 {
    withStatus {
        let learner = try learner(try sessionHandle(session))
        guard episodeReturn.isFinite, (1...Int64(Int32.max)).contains(length) else {
            throw CAPIError(.argument, "an episode has a finite return and a length of at least 1")
        }
        learner.recordCollectedEpisode(return: episodeReturn, length: Int(length))
    }
}

@_cdecl("swiftrl_session_actor_weights")
public func cSessionActorWeights(_ session: OpaquePointer?, _ version: UInt64, _ bytes: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
                                 _ count: UnsafeMutablePointer<Int64>?) -> Int32 {
    withStatus {
        let learner = try learner(try sessionHandle(session))
        let output = try required(bytes, "bytes"), counted = try required(count, "count")
        let file = ActorReplica.safetensors(of: learner.actingNetwork, version: version)
        guard let copy = malloc(max(file.count, 1))?.assumingMemoryBound(to: UInt8.self) else {
            throw CAPIError(.io, "out of memory")
        }
        copy.update(from: file, count: file.count)
        output.pointee = copy
        counted.pointee = Int64(file.count)
    }
}
