import SwiftRLAlgorithms
import SwiftRLNN

extension PolicyParameters {
    /// A feed-forward PPO policy version as the safetensors file rollout workers load: the actor's
    /// layers in PyTorch's names (``SwiftRLNN/Sequential/pytorchTensors(of:prefix:)``; for an MLP as
    /// ``ActorReplica/safetensors(of:version:)`` writes it: `actor.{2i}.weight` `[out, in]`,
    /// `actor.{2i}.bias`), the distribution's state-independent parameters as `log_std` `[n]` (when
    /// it has any), and `observation_normalization.mean`, `.std` `[in]` and `.clip` `[1]` (when
    /// observations are normalized), with the relay's version in the metadata.
    public func safetensors(actor network: Sequential, relayVersion: UInt64) -> [UInt8] {
        var file = SafeTensors(metadata: ["format": "pt", "swiftrl_weights_version": String(relayVersion)])
        file.add(network, values: actor, prefix: "actor")
        if !free.isEmpty { file.tensors["log_std"] = .init(free) }
        if let normalization {
            file.tensors["observation_normalization.mean"] = .init(normalization.mean)
            file.tensors["observation_normalization.std"] = .init(normalization.standardDeviation)
            file.tensors["observation_normalization.clip"] = .init([normalization.clip])
        }
        return file.serialized()
    }

    /// Reads a file of ``safetensors(actor:relayVersion:)`` for an MLP actor, checked against the actor's
    /// `architecture`, the distribution's `freeParameterCount` and whether observations are
    /// `normalized`.
    /// - Parameter version: the collector-side version to give the parameters.
    /// - Throws: ``ActorWeightsError/malformed(_:)`` when the bytes are not a safetensors file or a
    ///   value is not finite (or a standard deviation or the clip not positive),
    ///   ``ActorWeightsError/incompatible(_:)`` when a tensor is missing or of another shape.
    public init(safetensors: [UInt8], version: Int, architecture: MLPArchitecture, freeParameterCount: Int,
                normalized: Bool) throws(ActorWeightsError) {
        let file = try ActorReplica.weightsFile(safetensors)
        let actor = try ActorReplica.actorParameters(in: file, architecture: architecture)
        var free = [Float]()
        if freeParameterCount > 0 {
            guard let tensor = file.tensors["log_std"], tensor.shape == [freeParameterCount], let values = tensor.floats else {
                throw .incompatible("the weights carry no log_std of \(freeParameterCount) values")
            }
            guard values.allSatisfy(\.isFinite) else { throw .malformed("a log_std value is not finite") }
            free = values
        }
        var normalization: ObservationNormalization?
        let dimension = architecture.inputSize
        if let mean = file.tensors["observation_normalization.mean"] {
            guard mean.shape == [dimension], let means = mean.floats,
                  let deviation = file.tensors["observation_normalization.std"], deviation.shape == [dimension],
                  let deviations = deviation.floats,
                  let clip = file.tensors["observation_normalization.clip"], clip.shape == [1], let clips = clip.floats else {
                throw .incompatible("the observation normalization's tensors are not of \(dimension) observations")
            }
            let candidate = ObservationNormalization(mean: means, standardDeviation: deviations, clip: clips[0])
            guard candidate.isValid(dimension: dimension) else {
                throw .malformed("the observation normalization's values are not finite, or not positive")
            }
            normalization = candidate
        }
        guard (normalization != nil) == normalized else {
            throw .incompatible(normalized ? "the weights carry no observation normalization"
                                           : "the weights normalize observations, the policy does not")
        }
        self.init(version: version, actor: actor, free: free, normalization: normalization)
    }
}
