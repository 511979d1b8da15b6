import SwiftRLCore

/// How a pass divides its rows between the threads of a ``SwiftRLCore/ThreadPool``.
///
/// Every element of a product is computed by the same chain of operations whichever rows a thread
/// gets (see ``SwiftRLCore/MatrixMultiply``), so any division gives the same bits; the division only
/// decides speed.
enum RowSplit {
    /// The fewest batch rows worth handing to another thread. Splitting SAC's 100-row passes in two
    /// made its training slower on a 2-core Xeon (1.14–1.32 s against 1.04–1.11 s for 10,000 steps):
    /// the hand-off and the other core's cache misses cost more than half a pass saves.
    static let minimumRowsPerPart = 128

    /// How many parts a pass over `rows` rows takes on `pool`: one per thread while each part keeps
    /// at least ``minimumRowsPerPart`` rows.
    static func partCount(_ rows: Int, pool: ThreadPool?) -> Int {
        guard let pool, pool.isParallel else { return 1 }
        return max(1, min(pool.threadCount, rows / minimumRowsPerPart))
    }

    /// Part `part` of `parts` of `0..<rows`: near-equal ranges, in order.
    static func rows(_ rows: Int, part: Int, of parts: Int) -> Range<Int> {
        (rows * part / parts)..<(rows * (part + 1) / parts)
    }

    /// The rows of an `inputs`-row weight gradient that part `part` of `parts` writes: a layer with
    /// few inputs goes whole to part `owner`; the others split their rows.
    static func weightRows(_ inputs: Int, part: Int, of parts: Int, owner: Int) -> Range<Int> {
        inputs >= 16 * parts ? rows(inputs, part: part, of: parts) : (owner == part ? 0..<inputs : 0..<0)
    }

    /// Runs `body(part, rows)` over the batch rows `0..<rows`, one range per part, on the pool.
    static func runOverBatchRows(_ rows: Int, pool: ThreadPool?, _ body: (_ part: Int, _ rows: Range<Int>) -> Void) {
        let parts = partCount(rows, pool: pool)
        guard parts > 1, let pool else { return body(0, 0..<rows) }
        pool.run(count: parts) { part in body(part, Self.rows(rows, part: part, of: parts)) }
    }

    /// Runs `body(part, parts)` once per part, `parts` as ``partCount(_:pool:)`` gives for `rows`.
    static func runParts(rows: Int, pool: ThreadPool?, _ body: (_ part: Int, _ parts: Int) -> Void) {
        let parts = partCount(rows, pool: pool)
        guard parts > 1, let pool else { return body(0, 1) }
        pool.run(count: parts) { part in body(part, parts) }
    }
}
