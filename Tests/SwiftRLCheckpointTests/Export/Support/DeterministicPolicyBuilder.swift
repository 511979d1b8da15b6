import SwiftRLAlgorithms
import SwiftRLNN

/// Variations of test policies.
enum DeterministicPolicyBuilder {
    /// `policy` with another output activation and the same weights.
    static func replacingOutputActivation(of policy: DeterministicPolicy, with activation: Activation) -> DeterministicPolicy {
        var architecture = policy.network.denseArchitecture!
        architecture.outputActivation = activation
        return DeterministicPolicy(network: Sequential(MLP(architecture: architecture, parameters: policy.network.parameters)),
                                   squashing: policy.squashing, actionLow: policy.actionLow, actionHigh: policy.actionHigh)
    }
}
