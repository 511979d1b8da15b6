import SwiftRLCore
import SwiftRLEnvironments

/// One environment behind a ``CallbackChannel``, without autoreset: SAC's and TD3's training
/// environment, and every algorithm's evaluation environment. A failed callback gives a NaN
/// observation and reward, which the training loop refuses; the channel keeps the cause.
struct CallbackEnvironment: Environment {
    let channel: CallbackChannel

    var name: String { channel.name }
    var observationSpace: BoxSpace { channel.observationSpace }
    var actionSpace: ActionSpace { channel.actionSpace }

    mutating func reset(seed: UInt64?, observation: inout [Float]) {
        guard channel.reset(seed: seed) else { return observation.withUnsafeMutableBufferPointer { $0.update(repeating: .nan) } }
        observation.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: channel.observations, count: $0.count) }
    }

    mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
        action.withUnsafeBufferPointer { channel.actions.update(from: $0.baseAddress!, count: min($0.count, actionSpace.dimension)) }
        guard channel.step(autoreset: false) else {
            observation.withUnsafeMutableBufferPointer { $0.update(repeating: .nan) }
            return StepOutcome(reward: .nan, terminated: true)
        }
        observation.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: channel.observations, count: $0.count) }
        return StepOutcome(reward: channel.rewards[0], terminated: channel.terminated[0] != 0,
                           truncated: channel.truncated[0] != 0)
    }
}

/// `count` environments behind a ``CallbackChannel``, stepped by one callback per vector step with
/// autoreset (`SAME_STEP`): PPO's training environments.
final class CallbackVectorEnvironment: VectorEnvironment, @unchecked Sendable {
    let channel: CallbackChannel
    let buffers: VectorStepBuffers

    init(channel: CallbackChannel) {
        self.channel = channel
        buffers = VectorStepBuffers(environmentCount: channel.count, observationDimension: channel.observationSpace.dimension)
    }

    var name: String { channel.name }
    var environmentCount: Int { channel.count }
    var observationSpace: BoxSpace { channel.observationSpace }
    var actionSpace: ActionSpace { channel.actionSpace }

    func reset(seed: UInt64?) {
        let ok = channel.reset(seed: seed)
        copyObservations(ok)
        buffers.rewards.update(repeating: ok ? 0 : .nan)
        buffers.terminated.update(repeating: false)
        buffers.truncated.update(repeating: false)
    }

    func step(actions: UnsafePointer<Float>) {
        channel.actions.update(from: actions, count: environmentCount * actionSpace.dimension)
        let ok = channel.step(autoreset: true)
        copyObservations(ok)
        let od = observationSpace.dimension
        for row in 0..<environmentCount {
            buffers.rewards[row] = ok ? channel.rewards[row] : .nan
            buffers.terminated[row] = ok && channel.terminated[row] != 0
            buffers.truncated[row] = ok && channel.truncated[row] != 0
            if buffers.terminated[row] || buffers.truncated[row] {
                (buffers.finalObservations.baseAddress! + row * od).update(from: channel.finalObservations + row * od, count: od)
            }
        }
    }

    /// The channel's observations, or NaN after a failed callback (which the collector refuses).
    private func copyObservations(_ ok: Bool) {
        if ok {
            buffers.observations.baseAddress!.update(from: channel.observations, count: buffers.observations.count)
        } else {
            buffers.observations.update(repeating: .nan)
        }
    }
}
