import Foundation

extension Policy {
    /// Loads the policy of a checkpoint directory (such as `runs/x/checkpoints/step-000010000`),
    /// with what was trained as its metadata.
    ///
    /// ```swift
    /// let policy = try Policy(checkpointAt: try CheckpointStore(url: runCheckpoints).latest())
    /// let action = policy.evaluate(observation)
    /// ```
    /// - Throws: ``CheckpointError`` for a missing, truncated, corrupted or wrong-version checkpoint.
    public init(checkpointAt url: URL) throws(CheckpointError) {
        let checkpoint = try Checkpoint.read(from: url)
        let training = checkpoint.training
        self.init(checkpoint.policy, metadata: ExportMetadata(
            algorithm: training.algorithm, environment: training.environments.first?.name ?? "", seed: training.seed,
            steps: training.environmentSteps, evaluationReturn: training.latestEvaluation?.returnMean))
    }
}
