/// Something worth recording that happened during a training step.
public enum TrainingEvent: Sendable, Hashable {
    /// A training episode ended at `step` with its return and length.
    case episodeFinished(step: Int, return: Double, length: Int)
    /// A periodic evaluation ran at `step`.
    case evaluated(step: Int, result: EvaluationResult)
}
