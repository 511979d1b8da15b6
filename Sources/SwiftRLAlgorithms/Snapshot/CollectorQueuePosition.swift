/// Where a learner fed by remote collectors stands in their queue (the relay's, for
/// `swiftrl train --server`): a checkpoint that holds it resumes from the next transition it had
/// not learned, and numbers its next published weights after the ones it had published.
public struct CollectorQueuePosition: Codable, Sendable, Hashable {
    /// Every packet queued at or before this position has been learned (or skipped as unusable).
    public var learnedThrough: UInt64
    /// Transitions of the packet after ``learnedThrough`` already learned.
    public var transitionsIntoNext: Int
    /// The latest weights version the learner published.
    public var weightsVersion: UInt64

    /// Creates a position.
    public init(learnedThrough: UInt64, transitionsIntoNext: Int, weightsVersion: UInt64) {
        self.learnedThrough = learnedThrough
        self.transitionsIntoNext = transitionsIntoNext
        self.weightsVersion = weightsVersion
    }

    enum CodingKeys: String, CodingKey {
        case learnedThrough = "learned_through", transitionsIntoNext = "transitions_into_next"
        case weightsVersion = "weights_version"
    }
}
