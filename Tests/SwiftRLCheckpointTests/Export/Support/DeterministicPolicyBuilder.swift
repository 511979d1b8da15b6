import SwiftRLAlgorithms
import SwiftRLNN

/// Variations of test policies.
enum DeterministicPolicyBuilder {
    /// `policy` with another output activation and the same weights.
    static func replacingOutputActivation(of policy: DeterministicPolicy, with activation: Activation) -> DeterministicPolicy {
        var architecture = policy.network.architecture
        architecture.outputActivation = activation
        return DeterministicPolicy(network: MLP(architecture: architecture, parameters: policy.network.parameters),
                                   squashing: policy.squashing, actionLow: policy.actionLow, actionHigh: policy.actionHigh)
    }
}
