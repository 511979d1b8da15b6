import Foundation
import SwiftRLCheckpoint

extension RunDirectory {
    /// `checkpoints/`: the run's latest checkpoint, as `step-NNNNNNNNN/` (see ``CheckpointStore``).
    public var checkpointStore: CheckpointStore {
        CheckpointStore(url: url.appendingPathComponent("checkpoints", isDirectory: true))
    }
}
