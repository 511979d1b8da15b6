/// A vector environment whose environments can be stepped a range at a time, so that a caller can
/// give each thread its own environments for a whole rollout (one hand-off per rollout instead of
/// one per step). Stepping disjoint ranges from different threads at once is safe.
public protocol RangeSteppingVectorEnvironment: VectorEnvironment {
    /// Steps environments `rows` alone, as ``VectorEnvironment/step(actions:)`` steps them all, on the
    /// calling thread: their rows of `actions` are read and their rows of ``VectorEnvironment/buffers``
    /// written; the other environments and rows are left as they are.
    func step(rows: Range<Int>, actions: UnsafePointer<Float>)
}

extension EnvironmentVector: RangeSteppingVectorEnvironment {
    public func step(rows: Range<Int>, actions: UnsafePointer<Float>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= environmentCount, "rows \(rows) outside the vector")
        stepRows(rows, actions)
    }
}
