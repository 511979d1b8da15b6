import Crypto
import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLNN

/// A version of the acting policy as the relay carries it: the specification and the actor's
/// parameters, as a safetensors file in PyTorch's names and layout (`actor.0.weight` [out, in],
/// `actor.0.bias`, …) with its SHA-256.
public struct PolicyWeights: Sendable, Equatable {
    /// The largest weights message the relay and its clients accept (64 MiB).
    public static let messageLimit = 64 << 20

    /// 0 for the trainer's initial policy (workers explore uniformly at random with it), then
    /// increasing with every publication.
    public var version: UInt64
    /// What the parameters belong to.
    public var specification: PolicySpecification
    /// The safetensors bytes.
    public var safetensors: [UInt8]

    /// The weights of an actor network.
    public init(version: UInt64, specification: PolicySpecification, actor: MLP) {
        self.version = version
        self.specification = specification
        safetensors = ActorReplica.safetensors(of: actor, version: version)
    }

    package var message: Swiftrl_Distributed_V1_Weights {
        var message = Swiftrl_Distributed_V1_Weights()
        message.version = version
        message.specification = specification.message
        message.safetensors = Data(safetensors)
        message.sha256 = Data(SHA256.hash(data: message.safetensors))
        return message
    }

    /// The weights of a PPO policy version: its actor, the distribution's log std and the observation
    /// normalization (``SwiftRLAlgorithms/PolicyParameters/safetensors(actor:relayVersion:)``), `actor`
    /// giving the actor's layers.
    public init(version: UInt64, specification: PolicySpecification, parameters: PolicyParameters, actor: Sequential) {
        self.version = version
        self.specification = specification
        safetensors = parameters.safetensors(actor: actor, relayVersion: version)
    }

    /// Decodes a received message and checks its SHA-256.
    /// - Throws: ``MessageError/checksumMismatch`` or ``MessageError/malformed(_:)``.
    package init(_ message: Swiftrl_Distributed_V1_Weights) throws(MessageError) {
        guard Data(SHA256.hash(data: message.safetensors)) == message.sha256 else { throw .checksumMismatch }
        guard message.hasSpecification else { throw .malformed("the weights carry no policy specification") }
        specification = try PolicySpecification(message.specification)
        version = message.version
        safetensors = [UInt8](message.safetensors)
    }
}
