import SwiftRLKernels

extension RolloutBatch {
    /// Checks that the rollout can be learned from as it is: every array of the batch's shape,
    /// observations, final observations, rewards and recurrent states finite, and every action one `distribution` can
    /// produce. A learner runs this on every batch, as batches may come from another process.
    /// - Throws: ``TrainingError/invalidRollout(reason:)`` naming what is wrong.
    func validate(distribution: any ActionDistribution, stateWidth: Int) throws(TrainingError) {
        let transitions = transitionCount
        let counts: [(String, Int, Int)] = [
            ("observations", observations.count, transitions * observationDimension),
            ("actions", actions.count, transitions * actionDimension),
            ("log-probabilities", logProbabilities.count, transitions), ("rewards", rewards.count, transitions),
            ("terminated flags", terminated.count, transitions), ("truncated flags", truncated.count, transitions),
            ("final observations", finalObservations.count, transitions * observationDimension),
            ("last observations", lastObservations.count, environments * observationDimension),
            ("episode-start flags", episodeStarts.count, transitions),
            ("recurrent states", initialStates.count, environments * stateWidth),
        ]
        for (name, found, expected) in counts where found != expected {
            throw .invalidRollout(reason: "\(found) \(name), expected \(expected)")
        }
        guard Self.allFinite(observations), Self.allFinite(lastObservations) else {
            throw .invalidRollout(reason: "a non-finite observation")
        }
        guard Self.allFinite(initialStates) else { throw .invalidRollout(reason: "a non-finite recurrent state") }
        guard Self.allFinite(rewards), Self.allFinite(logProbabilities) else {
            throw .invalidRollout(reason: "a non-finite reward or log-probability")
        }
        for index in 0..<transitions where truncated[index] && !terminated[index] {
            let start = index * observationDimension
            guard finalObservations[start..<(start + observationDimension)].allSatisfy(\.isFinite) else {
                throw .invalidRollout(reason: "a non-finite final observation at transition \(index)")
            }
        }
        let invalid = actions.withUnsafeBufferPointer { actions in
            actions.baseAddress.flatMap { distribution.firstInvalidAction($0, rows: transitions) }
        }
        if let index = invalid {
            throw .invalidRollout(reason: "action \(index) is not one the \(distribution.name) distribution produces")
        }
    }

    /// Whether no value is NaN or infinite (the vectorized kernel: a rollout holds tens of thousands).
    private static func allFinite(_ values: [Float]) -> Bool {
        values.withUnsafeBufferPointer { $0.isEmpty || swiftrl_all_finite($0.count, $0.baseAddress!) != 0 }
    }
}
