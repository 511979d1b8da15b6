import SwiftRLCheckpoint

/// Why a message received from the network was refused. Nothing in a refused message is used.
public enum MessageError: Error, CustomStringConvertible, Equatable {
    /// The message does not decode, or its fields disagree (sizes, counts, values).
    case malformed(String)
    /// The weights' SHA-256 is not that of their bytes.
    case checksumMismatch
    /// The weights are of another policy than the one expected.
    case incompatible(String)

    public var description: String {
        switch self {
        case .malformed(let reason): "malformed message: \(reason)"
        case .checksumMismatch: "the weights' SHA-256 does not match their bytes"
        case .incompatible(let reason): "incompatible weights: \(reason)"
        }
    }
}

extension MessageError {
    /// The refusal of weights an ``SwiftRLCheckpoint/ActorReplica`` could not load.
    init(_ error: ActorWeightsError) {
        switch error {
        case .malformed(let reason): self = .malformed(reason)
        case .incompatible(let reason): self = .incompatible(reason)
        case .noWeights: self = .incompatible(error.description)
        }
    }
}
