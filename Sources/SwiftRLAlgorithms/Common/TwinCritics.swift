import SwiftRLCore
import SwiftRLNN

/// Two Q-networks Q(s, a) with Polyak-averaged target copies, as SAC and TD3 use them
/// (clipped double Q-learning, Fujimoto et al., 2018).
///
/// Each critic has its own workspace, so the two critics' passes are independent and run on
/// two threads of a ``SwiftRLCore/ThreadPool``; a pass of one critic alone splits its rows instead.
final class TwinCritics: @unchecked Sendable {
    let critics: [TrainableMLP]
    var targets: [MLP]
    private let targetWorkspaces: [MLPWorkspace]
    let observationDimension: Int
    let actionDimension: Int
    private let pool: ThreadPool

    /// `batch × (observation + action)` critic inputs.
    private var inputs: [Float]
    /// A column of ones: ∂Q/∂Q for the action-gradient pass.
    private let ones: [Float]
    /// Per critic, the last loss.
    private let losses: UnsafeMutablePointer<Float>
    /// Per critic, ∂loss/∂Q for each row (raw buffers: the two critics write them concurrently).
    private let valueGradients: [UnsafeMutablePointer<Float>]
    /// Per critic, ∂Q/∂input for each row.
    private let inputGradients: [UnsafeMutablePointer<Float>]

    init(observationDimension: Int, actionDimension: Int, batchCapacity: Int, configuration: NetworkConfiguration,
         optimizer: OptimizerConfiguration, pool: ThreadPool, generator: inout RandomGenerator) {
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        self.pool = pool
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
        targets = critics.map(\.network)
        targetWorkspaces = (0..<2).map { _ in MLPWorkspace(architecture: architecture, capacity: batchCapacity) }
        inputs = [Float](repeating: 0, count: batchCapacity * architecture.inputSize)
        ones = [Float](repeating: 1, count: batchCapacity)
        losses = .allocate(capacity: 2)
        valueGradients = (0..<2).map { _ in .allocate(capacity: batchCapacity) }
        inputGradients = (0..<2).map { _ in .allocate(capacity: batchCapacity * architecture.inputSize) }
    }

    deinit {
        (valueGradients + inputGradients + [losses]).forEach { $0.deallocate() }
    }

    private var inputSize: Int { observationDimension + actionDimension }

    /// Writes `[observation, action]` rows into the shared input buffer.
    private func concatenate(observations: UnsafePointer<Float>, actions: UnsafePointer<Float>, batchSize: Int) {
        let od = observationDimension, ad = actionDimension, width = inputSize
        inputs.withUnsafeMutableBufferPointer { inputs in
            for row in 0..<batchSize {
                let destination = inputs.baseAddress! + row * width
                destination.update(from: observations + row * od, count: od)
                (destination + od).update(from: actions + row * ad, count: ad)
            }
        }
    }

    /// min(Q′₁(s, a), Q′₂(s, a)) of the target critics for each row, written to `values`.
    func minimumTargetValue(observations: UnsafePointer<Float>, actions: UnsafePointer<Float>, batchSize: Int,
                            into values: UnsafeMutablePointer<Float>) {
        concatenate(observations: observations, actions: actions, batchSize: batchSize)
        inputs.withUnsafeBufferPointer { inputs in
            pool.run(count: 2) { index in
                targets[index].forward(inputs.baseAddress!, batchSize: batchSize, workspace: targetWorkspaces[index])
            }
        }
        let first = targetWorkspaces[0].output, second = targetWorkspaces[1].output
        for row in 0..<batchSize { values[row] = min(first[row], second[row]) }
    }

    /// One Adam step of each critic on ½·mean((Q(s, a) − y)²); returns the sum of both losses.
    func update(observations: UnsafePointer<Float>, actions: UnsafePointer<Float>, targetValues: UnsafePointer<Float>,
                batchSize: Int) -> Float {
        concatenate(observations: observations, actions: actions, batchSize: batchSize)
        inputs.withUnsafeBufferPointer { inputs in
            pool.run(count: 2) { index in
                let critic = critics[index]
                let values = critic.forward(inputs.baseAddress!, batchSize: batchSize)
                let gradients = valueGradients[index]
                var loss: Float = 0
                for row in 0..<batchSize {
                    let error = values[row] - targetValues[row]
                    loss += error * error
                    gradients[row] = error / Float(batchSize)
                }
                losses[index] = 0.5 * loss / Float(batchSize)
                // A non-finite loss stops training (the caller checks it): leave the weights as they are.
                guard loss.isFinite else { return }
                critic.backward(outputGradient: gradients)
                critic.applyGradients()
            }
        }
        return losses[0] + losses[1]
    }

    /// Q-values of the online critics at `(s, a)` and their gradient with respect to `a`.
    ///
    /// - Parameters:
    ///   - useMinimum: SAC's actor follows min(Q₁, Q₂) (row by row, the smaller critic's gradient);
    ///     TD3's follows Q₁ alone.
    ///   - values: receives the Q-value followed per row.
    ///   - actionGradients: receives ∂Q/∂a, `batchSize × actionDimension` values.
    func valueAndActionGradient(observations: UnsafePointer<Float>, actions: UnsafePointer<Float>, batchSize: Int,
                                useMinimum: Bool, values: UnsafeMutablePointer<Float>,
                                actionGradients: UnsafeMutablePointer<Float>) {
        concatenate(observations: observations, actions: actions, batchSize: batchSize)
        let criticCount = useMinimum ? 2 : 1
        inputs.withUnsafeBufferPointer { inputs in
            ones.withUnsafeBufferPointer { ones in
                // Both critics: one per thread. One critic: it splits its rows between the threads.
                let rowPool = criticCount == 1 ? pool : nil
                pool.run(count: criticCount) { index in
                    let critic = critics[index]
                    critic.forward(inputs.baseAddress!, batchSize: batchSize, pool: rowPool)
                    critic.backward(outputGradient: ones.baseAddress!, parameterGradients: false,
                                    inputGradient: inputGradients[index], pool: rowPool)
                }
            }
        }
        let width = inputSize, od = observationDimension, ad = actionDimension
        for row in 0..<batchSize {
            let q1 = critics[0].workspace.output[row]
            let chosen = criticCount == 2 && critics[1].workspace.output[row] < q1 ? 1 : 0
            values[row] = critics[chosen].workspace.output[row]
            for column in 0..<ad {
                actionGradients[row * ad + column] = inputGradients[chosen][row * width + od + column]
            }
        }
    }

    /// Moves the target critics towards the online ones: `target ← keep · target + (1 − keep) · online`.
    func updateTargets(keep: Float) {
        for index in 0..<2 {
            ParameterVector.polyakAverage(target: &targets[index].parameters, source: critics[index].network.parameters, keep: keep)
        }
    }
}
