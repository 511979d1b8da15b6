import SwiftRLAlgorithms
import SwiftRLNN

/// A deployable policy as a safetensors file in PyTorch's names and layout, so that PyTorch or
/// NumPy reproduce its actions from the file alone.
///
/// Tensors (F32):
/// - `actor.{2i}.weight` `[out, in]` and `actor.{2i}.bias` `[out]` for dense layer i: the indices of
///   `torch.nn.Sequential(Linear, Activation, Linear, Activation, Linear[, Activation])`, so that
///   `sequential.load_state_dict({k.removeprefix("actor."): v ...})` loads them (a network with other
///   layers: each layer's tensors under its module index, ``SwiftRLNN/Sequential/pytorchTensors(of:prefix:)``);
/// - for a recurrent policy, `memory.weight_ih_l0`, `memory.weight_hh_l0`, `memory.bias_ih_l0` and
///   `memory.bias_hh_l0`: a one-layer `torch.nn.LSTM` or `GRU` (`__metadata__["recurrent"]`) whose
///   output feeds the first dense layer;
/// - `observation_normalization.mean` and `.std` `[in]` and `.clip` `[1]`, when observations are
///   normalized: the network sees `clip((o − mean) / std, −clip, clip)`;
/// - `action_low` and `action_high` `[actions]` for continuous actions.
///
/// `__metadata__` holds `format` (`swiftrl-policy`), `activations` (for a network of dense layers, one
/// per layer, as `swiftrl-activations` in a header: `relu`, `tanh`, `identity`) and `head`
/// (``DeterministicPolicy/Squashing``).
public enum PolicyTensors {
    /// The name in `__metadata__["format"]`.
    public static let formatName = "swiftrl-policy"

    /// The policy's tensors and metadata.
    public static func safeTensors(of policy: DeterministicPolicy) -> SafeTensors {
        var tensors = SafeTensors(metadata: ["format": formatName, "head": policy.squashing.rawValue])
        if let dense = policy.network.denseLayers {
            tensors.metadata["activations"] = dense.map(\.activation.rawValue).joined(separator: " ")
        }
        tensors.add(policy.network, values: policy.network.parameters, prefix: "actor")
        if let memory = policy.memory {
            tensors.metadata["recurrent"] = memory.shape.cell.rawValue
            tensors.addRecurrentLayer(memory.shape, values: memory.parameters, prefix: "memory")
        }
        if let normalization = policy.observationNormalization {
            tensors.tensors["observation_normalization.mean"] = .init(normalization.mean)
            tensors.tensors["observation_normalization.std"] = .init(normalization.standardDeviation)
            tensors.tensors["observation_normalization.clip"] = .init([normalization.clip])
        }
        if policy.squashing != .argmax {
            tensors.tensors["action_low"] = .init(policy.actionLow)
            tensors.tensors["action_high"] = .init(policy.actionHigh)
        }
        return tensors
    }
}
