import SwiftRLEnvironments

/// An environment of any type as one concrete type, so that the generic wrappers of
/// SwiftRLEnvironments (``SwiftRLEnvironments/EnvironmentVector``, ``SwiftRLEnvironments/TimeLimit``)
/// take a worker's `any Environment`.
struct ErasedEnvironment: Environment {
    var base: any Environment

    var name: String { base.name }
    var observationSpace: BoxSpace { base.observationSpace }
    var actionSpace: ActionSpace { base.actionSpace }

    mutating func reset(seed: UInt64?, observation: inout [Float]) {
        base.reset(seed: seed, observation: &observation)
    }

    mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
        base.step(action, observation: &observation)
    }
}
