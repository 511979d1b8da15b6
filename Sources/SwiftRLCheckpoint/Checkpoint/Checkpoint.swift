import SwiftRLAlgorithms

/// Everything needed to continue a training run exactly, and to deploy its policy.
///
/// On disk a checkpoint is a directory with `tensors.safetensors` (networks, target networks, Adam
/// moments, replay buffer, current observation, episode returns) and `checkpoint.json` (format
/// version, algorithm, environment, counters, generator and environment state, network shapes,
/// Adam step counts, scalars and a checksum of the tensors file).
///
/// ```swift
/// try Checkpoint(session: state).write(to: url)                 // atomically
/// let state = try SAC(environment: env, configuration: configuration).makeState(seed: 1)
/// try Checkpoint.read(from: url).restore(into: state)           // continues bit for bit
/// ```
public struct Checkpoint: Sendable, Hashable {
    /// The training run's state.
    public var training: TrainingSnapshot
    /// The deployable policy at the time of the checkpoint.
    public var policy: DeterministicPolicy
    /// Seconds the training loop had run when the checkpoint was taken (over all resumptions).
    public var trainSeconds: Double

    /// Captures `session`'s state.
    /// - Parameters:
    ///   - includingReplayBuffer: `false` writes a smaller checkpoint; a run resumed from it starts
    ///     with an empty replay buffer and no longer matches an uninterrupted run.
    ///   - trainSeconds: the training loop's time so far, for a resumed run's timings.
    /// - Throws: ``CheckpointError/unsupported(reason:)`` when the environment cannot be captured or
    ///   the actor or critic is not an MLP.
    public init(session: any SnapshottingSession, includingReplayBuffer: Bool = true,
                trainSeconds: Double = 0) throws(CheckpointError) {
        policy = session.policy
        do {
            training = try session.snapshot(includingReplayBuffer: includingReplayBuffer)
        } catch {
            throw .unsupported(reason: error.description)
        }
        let agent = training.agent
        guard ["actor", "critic"].allSatisfy({ agent.optimized[$0] == nil || agent.architectures[$0] != nil }) else {
            throw .unsupported(reason: "a checkpoint file holds MLP networks; a model of other layers resumes from "
                + "its TrainingSnapshot (snapshot(includingReplayBuffer:) and restore(_:))")
        }
        self.trainSeconds = trainSeconds
    }

    /// Creates a checkpoint from its parts.
    public init(training: TrainingSnapshot, policy: DeterministicPolicy, trainSeconds: Double = 0) {
        self.training = training
        self.policy = policy
        self.trainSeconds = trainSeconds
    }

    /// Continues `session` from this checkpoint; the session is left as it was when this throws.
    /// - Parameter path: names the checkpoint in errors.
    /// - Throws: ``CheckpointError/mismatch(path:reason:)`` when the algorithm, environment, network
    ///   shapes or replay capacity differ from the session's.
    public func restore(into session: any SnapshottingSession, path: String = "checkpoint") throws(CheckpointError) {
        do {
            try session.restore(training)
        } catch {
            throw .mismatch(path: path, reason: error.description)
        }
    }
}
