import SwiftRLCore

extension RecurrentShape {
    /// The fewest sequences worth handing to another thread. A part runs all its steps on its own, so
    /// the pool hands off once per pass, not once per step.
    static let minimumSequencesPerPart = 16

    /// How many parts a pass over `batch` sequences takes on `pool`: one per thread while each part
    /// keeps at least ``minimumSequencesPerPart`` sequences.
    static func sequenceParts(_ batch: Int, pool: ThreadPool?) -> Int {
        guard let pool, pool.isParallel else { return 1 }
        return max(1, min(pool.threadCount, batch / minimumSequencesPerPart))
    }

    /// Runs `body` once per part of `0..<batch` (near-equal ranges, in order), on `pool`.
    static func runOverSequences(_ batch: Int, pool: ThreadPool?, _ body: (_ sequences: Range<Int>) -> Void) {
        runOverParts(of: batch, parts: sequenceParts(batch, pool: pool), pool: pool, body)
    }

    /// Runs `body` once per part of `0..<count` (`parts` near-equal ranges, in order), on `pool`.
    static func runOverParts(of count: Int, parts: Int, pool: ThreadPool?, _ body: (_ range: Range<Int>) -> Void) {
        guard parts > 1, let pool else { return body(0..<count) }
        pool.run(count: parts) { part in body(RowSplit.rows(count, part: part, of: parts)) }
    }
}
