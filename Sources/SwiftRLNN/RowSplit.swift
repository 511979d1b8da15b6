import SwiftRLCore

/// How a pass divides its rows between the two threads of a ``PairedExecutor``.
///
/// Split points respect the kernels' row blocking (4 rows for batch rows, 32 for weight-gradient
/// rows), so every value is computed by exactly the same operations whether a pass runs on one
/// thread or two: results are bit-identical either way.
enum RowSplit {
    /// Batches smaller than this run on one thread: the hand-off would cost more than it saves.
    static let minimumRows = 16

    /// The two row ranges of a batch of `rows`, or one range when the pass stays on one thread.
    static func batchRows(_ rows: Int, executor: PairedExecutor?) -> [Range<Int>] {
        guard let executor, executor.isParallel, rows >= minimumRows else { return [0..<rows] }
        let middle = (rows / 2 + 3) / 4 * 4
        return [0..<middle, middle..<rows]
    }

    /// The two halves of a weight gradient's `rows` (its layer's inputs), split on a multiple of 32.
    static func gradientRows(_ rows: Int, part: Int, of parts: Int) -> Range<Int> {
        guard parts == 2, rows >= 64 else { return part == 0 ? 0..<rows : 0..<0 }
        let middle = (rows / 2 + 31) / 32 * 32
        return part == 0 ? 0..<middle : middle..<rows
    }

    /// Runs `body` once per range, on both threads when there are two.
    static func run(_ ranges: [Range<Int>], executor: PairedExecutor?, _ body: (_ part: Int, _ rows: Range<Int>) -> Void) {
        if ranges.count == 2, let executor {
            executor.run { part in body(part, ranges[part]) }
        } else {
            body(0, ranges[0])
        }
    }
}
