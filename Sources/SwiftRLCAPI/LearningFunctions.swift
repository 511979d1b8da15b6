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

/// The session as a PPO learner from rollouts collected elsewhere.
private func onPolicyLearner(_ handle: SessionHandle) throws(CAPIError) -> PPOTrainingState {
    guard let state = handle.session as? PPOTrainingState else {
        throw CAPIError(.argument, "\(handle.algorithm.displayName) sessions do not learn from collected rollouts; PPO does")
    }
    return state
}

@_cdecl("swiftrl_session_learn_rollout")
public func cSessionLearnRollout(_ session: OpaquePointer?, _ columns: Int64, _ steps: Int64,
                                 _ observations: UnsafePointer<Float>?, _ observationDimension: Int64,
                                 _ actions: UnsafePointer<Float>?, _ actionDimension: Int64,
                                 _ logProbabilities: UnsafePointer<Float>?, _ rewards: UnsafePointer<Float>?,
                                 _ terminated: UnsafePointer<UInt8>?, _ truncated: UnsafePointer<UInt8>?,
                                 _ nextObservations: UnsafePointer<Float>?, _ episodeReturns: UnsafePointer<Double>?,
                                 _ episodeLengths: UnsafePointer<Int64>?, _ episodeCount: Int64,
                                 _ finished: UnsafeMutablePointer<Int32>?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let state = try onPolicyLearner(handle)
        let finished = try required(finished, "finished")
        let configuration = state.configuration
        let od = state.collector.environments.observationSpace.dimension, ad = state.collector.distribution.actionDimension
        guard columns == Int64(configuration.numEnvs), steps == Int64(configuration.stepsPerEnv),
              observationDimension == Int64(od), actionDimension == Int64(ad) else {
            throw CAPIError(.argument, """
                a rollout of \(columns) columns × \(steps) steps of \(observationDimension) observations and \(actionDimension) \
                actions; the session learns from \(configuration.numEnvs) × \(configuration.stepsPerEnv) of \(od) and \(ad)
                """)
        }
        guard (0...Int64(1 << 20)).contains(episodeCount) else { throw CAPIError(.argument, "episode_count \(episodeCount) is out of range") }
        let transitions = configuration.rolloutSize
        func values<Value>(_ pointer: UnsafePointer<Value>?, _ count: Int, _ name: String) throws(CAPIError) -> [Value] {
            Array(UnsafeBufferPointer(start: try required(pointer, name), count: count))
        }
        func flags(_ pointer: UnsafePointer<UInt8>?, _ name: String) throws(CAPIError) -> [Bool] {
            let bytes = try values(pointer, transitions, name)
            guard bytes.allSatisfy({ $0 <= 1 }) else { throw CAPIError(.argument, "'\(name)' holds a value other than 0 or 1") }
            return bytes.map { $0 == 1 }
        }
        let observed = try values(observations, transitions * od, "observations")
        let next = try values(nextObservations, transitions * od, "next_observations")
        let acted = try values(actions, transitions * ad, "actions")
        let logs = try values(logProbabilities, transitions, "log_probabilities")
        let rewarded = try values(rewards, transitions, "rewards")
        let ended = try flags(terminated, "terminated"), cut = try flags(truncated, "truncated")
        guard next.allSatisfy(\.isFinite) else { throw CAPIError(.argument, "'next_observations' holds a NaN or an infinity") }
        let returns = episodeCount == 0 ? [] : try values(episodeReturns, Int(episodeCount), "episode_returns")
        let lengths = episodeCount == 0 ? [] : try values(episodeLengths, Int(episodeCount), "episode_lengths")
        guard returns.allSatisfy(\.isFinite), lengths.allSatisfy({ (1...Int64(Int32.max)).contains($0) }) else {
            throw CAPIError(.argument, "an episode has a finite return and a length of at least 1")
        }
        let stepCount = Int(steps), environments = Int(columns)
        var rollout = RolloutBatch(steps: stepCount, environments: environments, observationDimension: od, actionDimension: ad)
        for column in 0..<environments {
            let rows = column * stepCount ..< (column + 1) * stepCount
            rollout.setColumn(column, observations: observed[rows.lowerBound * od ..< rows.upperBound * od],
                              actions: acted[rows.lowerBound * ad ..< rows.upperBound * ad], logProbabilities: logs[rows],
                              rewards: rewarded[rows], nextObservations: next[rows.lowerBound * od ..< rows.upperBound * od],
                              terminated: ended[rows], truncated: cut[rows])
        }
        let step = state.environmentSteps + transitions
        rollout.finishedEpisodes = zip(returns, lengths).map { .init(episodeReturn: $0, length: Int($1), step: step) }
        finished.pointee = try handle.training { try state.learn(fromCollected: rollout) } ? 1 : 0
    }
}

@_cdecl("swiftrl_session_actor_weights")
public func cSessionActorWeights(_ session: OpaquePointer?, _ version: UInt64, _ bytes: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
                                 _ count: UnsafeMutablePointer<Int64>?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let output = try required(bytes, "bytes"), counted = try required(count, "count")
        let file = if let state = handle.session as? PPOTrainingState {
            state.learner.parameters.safetensors(actor: state.collector.actorNetwork, relayVersion: version)
        } else {
            ActorReplica.safetensors(of: try learner(handle).actingNetwork, version: version)
        }
        guard let copy = malloc(max(file.count, 1))?.assumingMemoryBound(to: UInt8.self) else {
            throw CAPIError(.io, "out of memory")
        }
        copy.update(from: file, count: file.count)
        output.pointee = copy
        counted.pointee = Int64(file.count)
    }
}
