import SwiftRLEnvironments

/// A tiny environment with one observation and one Box action in [-1, 1] that can misbehave on cue:
/// a NaN observation at a reset or at a given step, an infinite or huge reward at a given step, and
/// it can terminate its episodes after a given number of steps. Steps count from 1 across episodes,
/// as the training loop counts them.
struct ScriptedEnvironment: Environment {
    enum Fault: Sendable, Hashable {
        case none
        case nanObservationAtReset
        /// NaN observation at the reset that starts episode `episode` (1 is the first reset).
        case nanObservationAtLaterReset(episode: Int)
        case nanObservation(atStep: Int)
        case infiniteReward(atStep: Int)
        /// A finite but huge reward at the given step (beyond Float32's range from about 3.4e38).
        case hugeReward(atStep: Int, value: Double)
    }

    var name: String { "Scripted-v0" }
    let observationSpace = BoxSpace(low: [-10], high: [10])
    let actionSpace = ActionSpace.box(BoxSpace(low: [-1], high: [1]))

    var fault: Fault = .none
    /// Terminate the episode after this many steps of it (`nil`: never).
    var terminateAfter: Int?
    private(set) var totalSteps = 0
    private var episodeSteps = 0
    private var resets = 0

    init(fault: Fault = .none, terminateAfter: Int? = nil) {
        self.fault = fault
        self.terminateAfter = terminateAfter
    }

    mutating func reset(seed: UInt64?, observation: inout [Float]) {
        episodeSteps = 0
        resets += 1
        observation[0] = fault == .nanObservationAtReset || fault == .nanObservationAtLaterReset(episode: resets) ? .nan : 0
    }

    mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
        totalSteps += 1
        episodeSteps += 1
        observation[0] = Float(episodeSteps) * 0.1
        var reward = Double(-action[0] * action[0])
        switch fault {
        case .nanObservation(let step) where step == totalSteps: observation[0] = .nan
        case .infiniteReward(let step) where step == totalSteps: reward = -.infinity
        case .hugeReward(let step, let value) where step == totalSteps: reward = value
        default: break
        }
        return StepOutcome(reward: reward, terminated: terminateAfter.map { episodeSteps >= $0 } ?? false)
    }
}
