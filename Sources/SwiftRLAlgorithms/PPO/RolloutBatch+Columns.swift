extension RolloutBatch {
    /// Writes one collector's rollout of ``steps`` transitions (a rollout worker's packet) as
    /// environment `column` of the batch: episode starts follow from its flags, every next observation
    /// is kept as the final observation (read only where an episode ended), and the last one becomes
    /// the column's last observation, from which GAE bootstraps.
    /// - Parameters: row-major arrays of ``steps`` rows each: observations and next observations of
    ///   ``observationDimension`` values, actions of ``actionDimension``, one log-probability, reward and
    ///   pair of flags per transition. The learner validates the values (``validate(distribution:stateWidth:)``).
    public mutating func setColumn(_ column: Int, observations: ArraySlice<Float>, actions: ArraySlice<Float>,
                                   logProbabilities: ArraySlice<Float>, rewards: ArraySlice<Float>,
                                   nextObservations: ArraySlice<Float>, terminated: ArraySlice<Bool>,
                                   truncated: ArraySlice<Bool>) {
        let od = observationDimension, ad = actionDimension
        precondition((0..<environments).contains(column) && observations.count == steps * od && actions.count == steps * ad
                     && nextObservations.count == steps * od
                     && [logProbabilities.count, rewards.count].allSatisfy { $0 == steps }
                     && [terminated.count, truncated.count].allSatisfy { $0 == steps }, "a column of another shape")
        let observations = Array(observations), actions = Array(actions), nextObservations = Array(nextObservations)
        let logProbabilities = Array(logProbabilities), rewards = Array(rewards)
        let terminated = Array(terminated), truncated = Array(truncated)
        for t in 0..<steps {
            let index = t * environments + column
            for i in 0..<od {
                self.observations[index * od + i] = observations[t * od + i]
                finalObservations[index * od + i] = nextObservations[t * od + i]
            }
            for i in 0..<ad { self.actions[index * ad + i] = actions[t * ad + i] }
            self.logProbabilities[index] = logProbabilities[t]
            self.rewards[index] = rewards[t]
            self.terminated[index] = terminated[t]
            self.truncated[index] = truncated[t]
            episodeStarts[index] = t > 0 && (terminated[t - 1] || truncated[t - 1])
        }
        for i in 0..<od { lastObservations[column * od + i] = nextObservations[(steps - 1) * od + i] }
    }
}
