import SwiftRLCore
import SwiftRLKernels
import SwiftRLNN

/// One minibatch of a PPO update: its rows gathered from the rollout, and the forward and backward
/// passes of the clipped surrogate, entropy and value losses.
final class PPOMinibatch: @unchecked Sendable {
    /// Losses and monitors of one minibatch.
    struct Result {
        var policyLoss: Double
        var valueLoss: Double
        var entropy: Double
        var approximateKL: Double
        var clipFraction: Double
    }

    let capacity: Int
    private let observationDimension: Int
    private let actionDimension: Int
    private let observations: UnsafeMutablePointer<Float>
    /// The critic's copy of the observations, gathered by its own job (feed-forward learners).
    private let criticObservations: UnsafeMutablePointer<Float>
    private let actions: UnsafeMutablePointer<Float>
    private let oldLogProbabilities: UnsafeMutablePointer<Float>
    private let advantages: UnsafeMutablePointer<Float>
    private let returns: UnsafeMutablePointer<Float>
    private let oldValues: UnsafeMutablePointer<Float>
    private let logProbabilities: UnsafeMutablePointer<Float>
    private let entropies: UnsafeMutablePointer<Float>
    /// New over old probabilities, r = exp(log π − log π_old), per row.
    private let ratios: UnsafeMutablePointer<Float>
    private let logProbabilityWeights: UnsafeMutablePointer<Float>
    private let outputGradients: UnsafeMutablePointer<Float>
    private let valueGradients: UnsafeMutablePointer<Float>
    /// A recurrent learner's sequences: their length, the episode starts (`capacity`, time-major),
    /// each sequence's initial actor and critic states, and ∂loss/∂features of both networks.
    private var sequenceLength = 1
    private let episodeStarts: UnsafeMutablePointer<Bool>
    private let actorStates: UnsafeMutablePointer<Float>
    private let criticStates: UnsafeMutablePointer<Float>
    private let actorFeatureGradients: UnsafeMutablePointer<Float>
    private let criticFeatureGradients: UnsafeMutablePointer<Float>
    private var sequenceRows: [Int]

    /// Room for `capacity` transitions; `memory` is the actor's recurrent layer, `criticMemory` the
    /// critic's own (nil when it has none or reads the actor's).
    init(capacity: Int, observationDimension: Int, actionDimension: Int, distributionInputs: Int,
         memory: RecurrentShape?, criticMemory: RecurrentShape?) {
        self.capacity = capacity
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        observations = .allocateZeroed(capacity * observationDimension)
        criticObservations = .allocateZeroed(memory == nil ? capacity * observationDimension : 1)
        actions = .allocateZeroed(capacity * actionDimension)
        oldLogProbabilities = .allocateZeroed(capacity)
        advantages = .allocateZeroed(capacity)
        returns = .allocateZeroed(capacity)
        oldValues = .allocateZeroed(capacity)
        logProbabilities = .allocateZeroed(capacity)
        entropies = .allocateZeroed(capacity)
        ratios = .allocateZeroed(capacity)
        logProbabilityWeights = .allocateZeroed(capacity)
        outputGradients = .allocateZeroed(capacity * distributionInputs)
        valueGradients = .allocateZeroed(capacity)
        let states = memory.map { capacity * $0.stateWidth } ?? 1, features = memory.map { capacity * $0.hiddenSize } ?? 1
        episodeStarts = .allocate(capacity: capacity)
        episodeStarts.initialize(repeating: false, count: capacity)
        actorStates = .allocateZeroed(states)
        criticStates = .allocateZeroed(criticMemory.map { capacity * $0.stateWidth } ?? 1)
        actorFeatureGradients = .allocateZeroed(features)
        criticFeatureGradients = .allocateZeroed(features)
        sequenceRows = memory == nil ? [] : .init(repeating: 0, count: capacity)
    }

    deinit {
        [observations, criticObservations, actions, oldLogProbabilities, advantages, returns, oldValues, logProbabilities,
         entropies, ratios, logProbabilityWeights, outputGradients, valueGradients, actorStates, criticStates,
         actorFeatureGradients, criticFeatureGradients].forEach { $0.deallocate() }
        episodeStarts.deallocate()
    }

    /// Copies the chunks `chunks` of the rollout (see ``RolloutSequences``) as sequences, time-major
    /// (row `t · chunks.count + i`), with their episode starts and initial states.
    func gather(chunks: ArraySlice<Int>, batch: RolloutBatch, rollout: RolloutAdvantages,
                sequences: RolloutSequences, normalizeAdvantages: Bool) {
        let n = chunks.count, environments = batch.environments, width = sequences.stateWidth
        sequenceLength = sequences.sequenceLength
        for (i, chunk) in chunks.enumerated() {
            let e = chunk % environments, first = chunk / environments * sequenceLength
            for t in 0..<sequenceLength { sequenceRows[t * n + i] = (first + t) * environments + e }
            (actorStates + i * width).update(from: sequences.actorChunkStates + chunk * width, count: width)
            if let criticChunkStates = sequences.criticChunkStates {
                (criticStates + i * width).update(from: criticChunkStates + chunk * width, count: width)
            }
        }
        for row in 0..<(sequenceLength * n) { episodeStarts[row] = batch.episodeStarts[sequenceRows[row]] }
        let rows = Rows(indices: sequenceRows[0..<(sequenceLength * n)], batch: batch, rollout: rollout,
                        normalizeAdvantages: normalizeAdvantages)
        gatherPolicyColumns(rows)
        gatherValueColumns(rows, observations: nil)
    }

    /// Transitions of a rollout to gather, in minibatch order.
    struct Rows {
        let indices: ArraySlice<Int>
        let batch: RolloutBatch
        let rollout: RolloutAdvantages
        /// Standardize the gathered advantages.
        let normalizeAdvantages: Bool
    }

    /// Copies what the policy loss reads of `rows`: observations, actions, old log-probabilities and
    /// advantages (standardized when asked).
    private func gatherPolicyColumns(_ rows: Rows) {
        let od = observationDimension, ad = actionDimension, rollout = rows.rollout
        rows.batch.actions.withUnsafeBufferPointer { batchActions in
            rows.batch.logProbabilities.withUnsafeBufferPointer { batchLogProbabilities in
                for (row, index) in rows.indices.enumerated() {
                    (observations + row * od).copyShortRow(from: rollout.observations + index * od, count: od)
                    (actions + row * ad).copyShortRow(from: batchActions.baseAddress! + index * ad, count: ad)
                    oldLogProbabilities[row] = batchLogProbabilities[index]
                    advantages[row] = rollout.advantages[index]
                }
            }
        }
        if rows.normalizeAdvantages { standardizeAdvantages(count: rows.indices.count) }
    }

    /// Copies what the value loss reads of `rows`: returns, old values, and the observations into
    /// `observations` when given.
    private func gatherValueColumns(_ rows: Rows, observations: UnsafeMutablePointer<Float>?) {
        let od = observationDimension, rollout = rows.rollout
        for (row, index) in rows.indices.enumerated() {
            if let observations {
                (observations + row * od).copyShortRow(from: rollout.observations + index * od, count: od)
            }
            returns[row] = rollout.returns[index]
            oldValues[row] = rollout.values[index]
        }
    }

    /// Advantages minus their mean, over their unbiased standard deviation + 1e-8.
    private func standardizeAdvantages(count: Int) {
        guard count > 1 else { return }
        let rows = 0..<count
        var mean = 0.0
        for row in rows { mean += Double(advantages[row]) }
        mean /= Double(count)
        var squares = 0.0
        for row in rows { squares += (Double(advantages[row]) - mean) * (Double(advantages[row]) - mean) }
        let deviation = Float((squares / Double(count - 1)).squareRoot()) + 1e-8
        for row in rows { advantages[row] = (advantages[row] - Float(mean)) / deviation }
    }

    /// Both networks' forward and backward passes over the gathered rows: fills their gradients and
    /// `freeGradients`, and returns the losses. With a parallel pool the actor's passes and the
    /// critic's run as two jobs at once (one hand-off per minibatch); either way the bits are the same.
    /// A feed-forward learner passes the transitions as `rows`: each job then gathers the columns it
    /// reads (so the critic's stay in its thread's cache); a recurrent one gathers them first with
    /// ``gather(chunks:batch:rollout:sequences:normalizeAdvantages:)`` and passes nil.
    /// With recurrent layers (`memories`), each network's layer runs first, over the gathered sequences;
    /// a shared layer (no `critic` layer) runs once before both networks, and learns from the sum of
    /// their gradients after them.
    func backward(rows: Rows?, actor: TrainableSequential, critic: TrainableSequential,
                  memories: (actor: TrainableRecurrentLayer, critic: TrainableRecurrentLayer?)?,
                  distribution: any ActionDistribution, free: UnsafePointer<Float>, clipRange: Float,
                  freeGradients: UnsafeMutablePointer<Float>, configuration c: PPOConfiguration, pool: ThreadPool) -> Result {
        var policy = Result(policyLoss: 0, valueLoss: 0, entropy: 0, approximateKL: 0, clipFraction: 0)
        var valueLoss = 0.0
        let shared = memories.flatMap { $0.critic == nil ? $0.actor : nil }
        let sharedFeatures = shared.map { features(of: $0, initialStates: actorStates, pool: pool) }
        pool.run(count: 2) { job in
            if job == 0 {
                if let rows { gatherPolicyColumns(rows) }
                let memory = shared == nil ? memories?.actor : nil
                let input = sharedFeatures ?? features(of: memory, initialStates: actorStates)
                policy = policyBackward(actor: actor, input: input, distribution: distribution, free: free,
                                        clipRange: clipRange, freeGradients: freeGradients, configuration: c)
                backward(actor, memory, outputGradient: outputGradients, featureGradients: actorFeatureGradients,
                         withInputGradient: memories != nil)
            } else {
                let memory = memories?.critic
                if let rows { gatherValueColumns(rows, observations: criticObservations) }
                let input = rows != nil ? UnsafePointer(criticObservations)
                    : sharedFeatures ?? features(of: memory, initialStates: criticStates)
                valueLoss = valueBackward(critic: critic, input: input, configuration: c)
                backward(critic, memory, outputGradient: valueGradients, featureGradients: criticFeatureGradients,
                         withInputGradient: memories != nil)
            }
        }
        if let shared {
            let count = capacity * shared.shape.hiddenSize
            for i in 0..<count { actorFeatureGradients[i] += criticFeatureGradients[i] }
            shared.backward(outputGradient: actorFeatureGradients, pool: pool)
        }
        policy.valueLoss = valueLoss
        return policy
    }

    /// The clipped surrogate and entropy bonus through the distribution and the actor's forward pass
    /// over `input`: the distribution's output gradients, `freeGradients`, and the policy's losses and
    /// monitors (means over the rows).
    private func policyBackward(actor: TrainableSequential, input: UnsafePointer<Float>, distribution: any ActionDistribution,
                                free: UnsafePointer<Float>, clipRange: Float, freeGradients: UnsafeMutablePointer<Float>,
                                configuration c: PPOConfiguration) -> Result {
        let rows = capacity, scale = 1 / Float(rows)
        let outputs = actor.forward(input, time: 1, batch: rows, initialState: nil, episodeStarts: nil)
        let parameters = DistributionParameters(outputs: outputs, free: free)
        distribution.logProbabilities(parameters, actions: actions, rows: rows, into: logProbabilities)
        distribution.entropies(parameters, rows: rows, into: entropies)
        var result = Result(policyLoss: 0, valueLoss: 0, entropy: 0, approximateKL: 0, clipFraction: 0)
        for row in 0..<rows { ratios[row] = logProbabilities[row] - oldLogProbabilities[row] }
        swiftrl_exp_in_place(rows, ratios)
        for row in 0..<rows {
            let logRatio = logProbabilities[row] - oldLogProbabilities[row]
            let ratio = ratios[row]
            let advantage = advantages[row]
            let unclipped = ratio * advantage
            let clipped = min(max(ratio, 1 - clipRange), 1 + clipRange) * advantage
            logProbabilityWeights[row] = unclipped <= clipped ? -advantage * ratio * scale : 0
            result.policyLoss -= Double(min(unclipped, clipped))
            result.entropy += Double(entropies[row])
            result.approximateKL += Double((ratio - 1) - logRatio)
            if abs(ratio - 1) > clipRange { result.clipFraction += 1 }
        }
        distribution.backward(parameters, actions: actions, rows: rows, logProbabilityWeights: logProbabilityWeights,
                              entropyWeight: -c.entropyCoefficient * scale, outputGradients: outputGradients,
                              freeGradients: freeGradients)
        let count = Double(rows)
        result.policyLoss /= count
        result.entropy /= count
        result.approximateKL /= count
        result.clipFraction /= count
        return result
    }

    /// The value loss through the critic's forward pass over `input`: the value gradients, and the
    /// loss (mean over the rows).
    private func valueBackward(critic: TrainableSequential, input: UnsafePointer<Float>, configuration c: PPOConfiguration) -> Double {
        let rows = capacity, scale = 1 / Float(rows)
        let values = critic.forward(input, time: 1, batch: rows, initialState: nil, episodeStarts: nil)
        var total = 0.0
        for row in 0..<rows {
            let error = values[row] - returns[row]
            var loss = error * error, gradient = 2 * error
            if let range = c.valueClipRange {
                let change = values[row] - oldValues[row]
                let clippedError = oldValues[row] + min(max(change, -range), range) - returns[row]
                if clippedError * clippedError > loss {
                    loss = clippedError * clippedError
                    gradient = abs(change) < range ? 2 * clippedError : 0
                }
            }
            valueGradients[row] = c.valueCoefficient * gradient * scale
            total += Double(loss)
        }
        return total / Double(rows)
    }

    /// The gathered observations, or a recurrent layer's outputs over the gathered sequences (divided
    /// between the threads of `pool` when given).
    private func features(of memory: TrainableRecurrentLayer?, initialStates: UnsafePointer<Float>,
                          pool: ThreadPool? = nil) -> UnsafePointer<Float> {
        guard let memory else { return UnsafePointer(observations) }
        return memory.forward(observations, time: sequenceLength, batch: capacity / sequenceLength,
                              initialState: initialStates, episodeStarts: episodeStarts, pool: pool)
    }

    /// Backpropagates `network` (into `featureGradients` when its input comes from a recurrent layer),
    /// and through time `memory` when there is one.
    private func backward(_ network: TrainableSequential, _ memory: TrainableRecurrentLayer?, outputGradient: UnsafePointer<Float>,
                          featureGradients: UnsafeMutablePointer<Float>, withInputGradient: Bool) {
        guard withInputGradient else { return network.backward(outputGradient: outputGradient) }
        network.backward(outputGradient: outputGradient, inputGradient: featureGradients)
        memory?.backward(outputGradient: featureGradients)
    }
}

/// Means of the minibatch results of one update, and the metrics they give.
struct PPOUpdateStatistics {
    private var sums = PPOMinibatch.Result(policyLoss: 0, valueLoss: 0, entropy: 0, approximateKL: 0, clipFraction: 0)
    private var count = 0

    /// The metric names of a PPO update, in order.
    static let names = ["losses/policy", "losses/value", "losses/entropy", "monitors/kl_div", "monitors/clip_fraction",
                        "monitors/explained_variance", "monitors/learning_rate", "monitors/log_std"]

    mutating func add(_ result: PPOMinibatch.Result) {
        sums.policyLoss += result.policyLoss
        sums.valueLoss += result.valueLoss
        sums.entropy += result.entropy
        sums.approximateKL += result.approximateKL
        sums.clipFraction += result.clipFraction
        count += 1
    }

    func metrics(learningRate: Float, free: [Float], distribution: any ActionDistribution,
                 explainedVariance: Double?) -> NamedMetrics {
        let n = Double(max(count, 1))
        let logStd = free.isEmpty ? nil : free.reduce(0.0) { $0 + Double($1) } / Double(free.count)
        return NamedMetrics(names: Self.names, values: [
            sums.policyLoss / n, sums.valueLoss / n, -sums.entropy / n, sums.approximateKL / n, sums.clipFraction / n,
            explainedVariance, Double(learningRate), logStd,
        ])
    }
}
