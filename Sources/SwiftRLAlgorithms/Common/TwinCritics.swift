import SwiftRLCore
import SwiftRLNN

/// Two Q-networks Q(s, a) with Polyak-averaged target copies, as SAC and TD3 use them
/// (clipped double Q-learning, Fujimoto et al., 2018).
///
/// The operations come per critic (`index` 0 or 1), so that an update can run the two critics, or
/// a critic and the actor, on different threads at once. Each kind of critic input has its own
/// buffer (see ``Inputs``), so the passes of one update never overwrite each other's inputs.
final class TwinCritics: @unchecked Sendable {
    /// The critic inputs of one update, concatenated as `[observation, action]` rows.
    enum Inputs: Int, CaseIterable {
        /// `(s, a)` from the replay batch: the critics' own loss.
        case replayed
        /// `(s′, a′)`: the target values.
        case next
        /// `(s, ã)` with the current policy's action: the actor's loss.
        case policy
    }

    let critics: [TrainableMLP]
    /// The target critics, one reference each: the two are averaged at once on different threads,
    /// and an array of values would have both threads write the array (a data race ThreadSanitizer
    /// reports, and a lost update if the array were ever shared).
    let targets: [TargetNetwork]
    private let targetWorkspaces: [MLPWorkspace]
    let observationDimension: Int
    let actionDimension: Int

    /// One `batch × (observation + action)` buffer per kind of input.
    private let inputs: [UnsafeMutablePointer<Float>]
    /// A column of ones: ∂Q/∂Q for the action-gradient pass.
    private let ones: UnsafeMutablePointer<Float>
    /// Per critic, ∂loss/∂Q for each row.
    private let valueGradients: [UnsafeMutablePointer<Float>]
    /// Per critic, ∂Q/∂action for each row.
    private let actionGradients: [UnsafeMutablePointer<Float>]

    init(observationDimension: Int, actionDimension: Int, batchCapacity: Int, configuration: NetworkConfiguration,
         optimizer: OptimizerConfiguration, generator: inout RandomGenerator) {
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        let architecture = MLPArchitecture(
            inputSize: observationDimension + actionDimension, hiddenSizes: configuration.hiddenSizes,
            outputSize: 1, hiddenActivation: configuration.activation, outputActivation: .identity)
        var critics = [TrainableMLP]()
        for _ in 0..<2 {
            critics.append(TrainableMLP(
                architecture: architecture, batchCapacity: batchCapacity,
                optimizer: optimizer.adam(learningRate: configuration.learningRate),
                maximumGradientNorm: configuration.maxGradientNorm, generator: &generator))
        }
        self.critics = critics
        targets = critics.map { TargetNetwork($0.network) }
        targetWorkspaces = (0..<2).map { _ in MLPWorkspace(architecture: architecture, capacity: batchCapacity) }
        inputs = Inputs.allCases.map { _ in .allocateZeroed(batchCapacity * architecture.inputSize) }
        ones = .allocate(capacity: batchCapacity)
        ones.initialize(repeating: 1, count: batchCapacity)
        valueGradients = (0..<2).map { _ in .allocateZeroed(batchCapacity) }
        actionGradients = (0..<2).map { _ in .allocateZeroed(batchCapacity * actionDimension) }
    }

    deinit {
        (inputs + valueGradients + actionGradients + [ones]).forEach { $0.deallocate() }
    }

    private var inputSize: Int { observationDimension + actionDimension }

    /// Writes `[observation, action]` rows into the buffer of `kind`.
    func setInputs(_ kind: Inputs, observations: UnsafePointer<Float>, actions: UnsafePointer<Float>, batchSize: Int) {
        let od = observationDimension, ad = actionDimension, width = inputSize
        let buffer = inputs[kind.rawValue]
        for row in 0..<batchSize {
            let destination = buffer + row * width
            destination.copyShortRow(from: observations + row * od, count: od)
            (destination + od).copyShortRow(from: actions + row * ad, count: ad)
        }
    }

    /// Target critic `index` at the ``Inputs/next`` inputs.
    func forwardTarget(_ index: Int, batchSize: Int) {
        targets[index].network.forward(inputs[Inputs.next.rawValue], batchSize: batchSize, workspace: targetWorkspaces[index])
    }

    /// min(Q′₁, Q′₂) for each row of the last ``forwardTarget(_:batchSize:)`` passes, written to `values`.
    func minimumTargetValue(batchSize: Int, into values: UnsafeMutablePointer<Float>) {
        let first = targetWorkspaces[0].output, second = targetWorkspaces[1].output
        for row in 0..<batchSize { values[row] = min(first[row], second[row]) }
    }

    /// Critic `index` at the ``Inputs/replayed`` inputs, cached for ``learn(_:targetValues:batchSize:)``.
    func forwardReplayed(_ index: Int, batchSize: Int) {
        critics[index].forward(inputs[Inputs.replayed.rawValue], batchSize: batchSize)
    }

    /// One Adam step of critic `index` on ½·mean((Q(s, a) − y)²), from its ``forwardReplayed(_:batchSize:)``
    /// pass; returns the loss, or NaN when a gradient is not finite. A non-finite loss or gradient
    /// leaves the weights as they are (the caller stops training).
    func learn(_ index: Int, targetValues: UnsafePointer<Float>, batchSize: Int) -> Float {
        let critic = critics[index]
        let values = critic.workspace.output
        let gradients = valueGradients[index]
        var loss: Float = 0
        for row in 0..<batchSize {
            let error = values[row] - targetValues[row]
            loss += error * error
            gradients[row] = error / Float(batchSize)
        }
        let meanLoss = 0.5 * loss / Float(batchSize)
        guard meanLoss.isFinite else { return meanLoss }
        critic.backward(outputGradient: gradients)
        return critic.applyGradients() ? meanLoss : .nan
    }

    /// Critic `index` at the ``Inputs/policy`` inputs and its gradient with respect to their actions.
    /// - Parameter pool: splits the rows between its threads when given.
    func valueAndInputGradient(_ index: Int, batchSize: Int, pool: ThreadPool? = nil) {
        let critic = critics[index]
        critic.forward(inputs[Inputs.policy.rawValue], batchSize: batchSize, pool: pool)
        critic.backward(outputGradient: ones, parameterGradients: false, inputGradient: actionGradients[index],
                        inputColumns: observationDimension..<inputSize, pool: pool)
    }

    /// From the ``valueAndInputGradient(_:batchSize:pool:)`` passes, the Q-value the actor follows per
    /// row and its gradient with respect to the action.
    ///
    /// - Parameters:
    ///   - useMinimum: SAC's actor follows min(Q₁, Q₂) (row by row, the smaller critic's gradient);
    ///     TD3's follows Q₁ alone.
    ///   - values: receives the Q-value followed per row.
    ///   - actionGradients: receives ∂Q/∂a, `batchSize × actionDimension` values.
    func followedValue(useMinimum: Bool, batchSize: Int, values: UnsafeMutablePointer<Float>,
                       actionGradients: UnsafeMutablePointer<Float>) {
        let ad = actionDimension
        for row in 0..<batchSize {
            let q1 = critics[0].workspace.output[row]
            let chosen = useMinimum && critics[1].workspace.output[row] < q1 ? 1 : 0
            values[row] = critics[chosen].workspace.output[row]
            (actionGradients + row * ad).update(from: self.actionGradients[chosen] + row * ad, count: ad)
        }
    }

    /// Moves target critic `index` towards its online critic: `target ← keep · target + (1 − keep) · online`.
    func updateTarget(_ index: Int, keep: Float) {
        ParameterVector.polyakAverage(target: &targets[index].network.parameters, source: critics[index].network.parameters, keep: keep)
    }
}

/// A network held by reference, so that concurrent jobs can each update their own.
final class TargetNetwork: @unchecked Sendable {
    /// The network; each job touches only its own instance.
    var network: MLP

    init(_ network: MLP) {
        self.network = network
    }
}
