import Foundation
import SwiftRLAlgorithms

extension Checkpoint {
    /// The deterministic policy saved in the checkpoint directory at `url`, for deployment.
    /// - Throws: ``CheckpointError`` when the checkpoint is missing, truncated, corrupted or of
    ///   another format version.
    public static func loadPolicy(from url: URL) throws(CheckpointError) -> DeterministicPolicy {
        try read(from: url).policy
    }
}
