extension RolloutBatch {
    /// Where a rollout's arrays lie while a collector fills them from several threads (each thread
    /// writes the rows of its own environments only).
    struct Pointers {
        let observations: UnsafeMutablePointer<Float>
        let actions: UnsafeMutablePointer<Float>
        let logProbabilities: UnsafeMutablePointer<Float>
        let rewards: UnsafeMutablePointer<Float>
        let terminated: UnsafeMutablePointer<Bool>
        let truncated: UnsafeMutablePointer<Bool>
        let finalObservations: UnsafeMutablePointer<Float>
        let episodeStarts: UnsafeMutablePointer<Bool>
    }

    /// Calls `body` with pointers to the arrays the steps fill.
    mutating func withPointers<Result>(_ body: (Pointers) throws -> Result) rethrows -> Result {
        try observations.withUnsafeMutableBufferPointer { observations in
            try actions.withUnsafeMutableBufferPointer { actions in
                try logProbabilities.withUnsafeMutableBufferPointer { logProbabilities in
                    try rewards.withUnsafeMutableBufferPointer { rewards in
                        try terminated.withUnsafeMutableBufferPointer { terminated in
                            try truncated.withUnsafeMutableBufferPointer { truncated in
                                try finalObservations.withUnsafeMutableBufferPointer { finalObservations in
                                  try episodeStarts.withUnsafeMutableBufferPointer { episodeStarts in
                                    try body(Pointers(
                                        observations: observations.baseAddress!, actions: actions.baseAddress!,
                                        logProbabilities: logProbabilities.baseAddress!, rewards: rewards.baseAddress!,
                                        terminated: terminated.baseAddress!, truncated: truncated.baseAddress!,
                                        finalObservations: finalObservations.baseAddress!,
                                        episodeStarts: episodeStarts.baseAddress!))
                                  }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
