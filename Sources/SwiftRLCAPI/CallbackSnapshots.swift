import SwiftRLCore
import SwiftRLEnvironments

// A checkpoint of a session on the caller's environments holds no environment state: the caller
// saves its environments itself (the Python package pickles them into the saved session's
// `environment-state.bin`) and puts them back before `swiftrl_session_restore`. SwiftRL's side
// records which environment it was and restores the observations being acted on.

/// The snapshot of an environment whose state lives with the caller: its name, nothing else.
private func callerOwnedSnapshot(_ name: String) -> EnvironmentSnapshot {
    EnvironmentSnapshot(name: name, state: [], generator: RandomGenerator(seed: 0))
}

extension CallbackEnvironment: SnapshottingEnvironment {
    var snapshot: EnvironmentSnapshot { callerOwnedSnapshot(name) }

    mutating func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        guard snapshot == callerOwnedSnapshot(name) else {
            throw .snapshotMismatch(environment: name, reason: "the snapshot is not of the caller's environment \(name)")
        }
    }
}

extension CallbackVectorEnvironment: SnapshottingVectorEnvironment {
    var snapshots: [EnvironmentSnapshot] { .init(repeating: callerOwnedSnapshot(name), count: environmentCount) }

    func restoration(from snapshots: [EnvironmentSnapshot], observations: [Float]) throws(EnvironmentError) -> () -> Void {
        guard snapshots == self.snapshots else {
            throw .snapshotMismatch(environment: name, reason: "the snapshots are not of \(environmentCount) caller's environments \(name)")
        }
        guard observations.count == buffers.observations.count, observations.allSatisfy(\.isFinite) else {
            throw .snapshotMismatch(environment: name, reason: "the observations are of the wrong count or not finite")
        }
        return { [buffers] in
            observations.withUnsafeBufferPointer { buffers.observations.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            buffers.rewards.update(repeating: 0)
            buffers.terminated.update(repeating: false)
            buffers.truncated.update(repeating: false)
        }
    }
}
