/// A vector environment whose complete state can be captured and restored: every environment's
/// snapshot and the observations they are in.
public protocol SnapshottingVectorEnvironment: VectorEnvironment {
    /// Each environment's snapshot, in order.
    var snapshots: [EnvironmentSnapshot] { get }
    /// Checks `snapshots` and `observations` (`environmentCount × observationDimension`, the current
    /// observations) and returns the change that continues from them; nothing changes until it is called.
    /// - Throws: ``EnvironmentError/snapshotMismatch(environment:reason:)``.
    func restoration(from snapshots: [EnvironmentSnapshot], observations: [Float]) throws(EnvironmentError) -> () -> Void
}

extension EnvironmentVector: SnapshottingVectorEnvironment where Base: SnapshottingEnvironment {
    /// Each environment's snapshot; in infinite-horizon mode `elapsed_steps` counts the steps since
    /// its last reset at the horizon.
    public var snapshots: [EnvironmentSnapshot] {
        (0..<environmentCount).map { row in
            var snapshot = slots[row].environment.snapshot
            if horizon != nil { snapshot.elapsedSteps = slots[row].elapsedSteps }
            return snapshot
        }
    }

    public func restoration(from snapshots: [EnvironmentSnapshot],
                            observations: [Float]) throws(EnvironmentError) -> () -> Void {
        let dimension = observationSpace.dimension
        guard snapshots.count == environmentCount else {
            throw .snapshotMismatch(environment: name, reason: "\(snapshots.count) environments saved, \(environmentCount) configured")
        }
        guard observations.count == environmentCount * dimension, observations.allSatisfy(\.isFinite) else {
            throw .snapshotMismatch(environment: name, reason: "the observations are of the wrong count or not finite")
        }
        var environments = [Base]()
        var elapsed = [Int]()
        for (row, snapshot) in snapshots.enumerated() {
            var environment = slots[row].environment
            try environment.restore(snapshot)
            environments.append(environment)
            if let horizon {
                guard let steps = snapshot.elapsedSteps, (0..<horizon).contains(steps) else {
                    throw .snapshotMismatch(environment: name, reason: "environment \(row)'s step count is outside the horizon")
                }
                elapsed.append(steps)
            }
        }
        return { [self] in
            for row in 0..<environmentCount {
                slots[row].environment = environments[row]
                if horizon != nil { slots[row].elapsedSteps = elapsed[row] }
            }
            observations.withUnsafeBufferPointer {
                buffers.observations.baseAddress!.update(from: $0.baseAddress!, count: $0.count)
            }
            buffers.clearOutcomes()
        }
    }
}
