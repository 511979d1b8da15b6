import SwiftRLEnvironments

/// Maps normalized actions in [-1, 1]ⁿ onto an environment's action box, as Gymnasium's
/// `RescaleAction(env, -1, 1)` does.
package struct ActionRescaling: Sendable {
    let low: [Float]
    let high: [Float]

    package init(low: [Float], high: [Float]) {
        self.low = low
        self.high = high
    }

    package init(box: BoxSpace) {
        self.init(low: box.low, high: box.high)
    }

    /// Writes `low + (normalized + 1) / 2 · (high − low)` into `action`.
    package func environmentAction(from normalized: [Float], into action: inout [Float]) {
        normalized.withUnsafeBufferPointer { normalized in
            action.withUnsafeMutableBufferPointer { environmentAction(from: normalized.baseAddress!, into: $0.baseAddress!) }
        }
    }

    /// The same mapping for one action of `low.count` values, through pointers.
    package func environmentAction(from normalized: UnsafePointer<Float>, into action: UnsafeMutablePointer<Float>) {
        for index in low.indices {
            action[index] = low[index] + (normalized[index] + 1) * 0.5 * (high[index] - low[index])
        }
    }
}
