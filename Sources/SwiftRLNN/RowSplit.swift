import SwiftRLCore

/// How a pass divides its rows between the two threads of a ``PairedExecutor``.
///
/// Split points respect the kernels' row blocking (4 rows for batch rows, 32 for weight-gradient
/// rows), so every value is computed by exactly the same operations whether a pass runs on one
/// thread or two: results are bit-identical either way.
enum RowSplit {
    /// Batches smaller than this run on one thread: the hand-off would cost more than it saves.
    static let minimumRows = 16

    /// Whether a pass over `rows` batch rows uses both threads of `executor`.
    static func isSplit(_ rows: Int, executor: PairedExecutor?) -> Bool {
        guard let executor else { return false }
        return executor.isParallel && rows >= minimumRows
    }

    /// Runs `body(part, rows)` over the batch rows `0..<rows`: once on this thread, or twice (a range
    /// each, split on a multiple of 4) on both threads.
    static func runOverBatchRows(_ rows: Int, executor: PairedExecutor?, _ body: (_ part: Int, _ rows: Range<Int>) -> Void) {
        guard let executor, isSplit(rows, executor: executor) else { return body(0, 0..<rows) }
        let middle = (rows / 2 + 3) / 4 * 4
        executor.run { part in body(part, part == 0 ? 0..<middle : middle..<rows) }
    }

    /// Runs `body(part, parts)` once per part: once on this thread when `split` is false, else on both.
    static func runParts(split: Bool, executor: PairedExecutor?, _ body: (_ part: Int, _ parts: Int) -> Void) {
        guard split, let executor else { return body(0, 1) }
        executor.run { part in body(part, 2) }
    }

    /// Part `part` of `parts` of a weight gradient's `rows` (its layer's inputs), split on a multiple of 32.
    static func gradientRows(_ rows: Int, part: Int, of parts: Int) -> Range<Int> {
        guard parts == 2, rows >= 64 else { return part == 0 ? 0..<rows : 0..<0 }
        let middle = (rows / 2 + 31) / 32 * 32
        return part == 0 ? 0..<middle : middle..<rows
    }
}
