import SwiftRLCore
import SwiftRLKernels

/// Where the parameters of a batch of action distributions lie: one row of network outputs per
/// distribution, and parameters shared by every row (a learned, state-independent log standard
/// deviation, for example).
public struct DistributionParameters {
    /// `rows × inputDimension` network outputs, row-major.
    public var outputs: UnsafePointer<Float>
    /// The distribution's `freeParameterCount` state-independent parameters.
    public var free: UnsafePointer<Float>

    /// Points at outputs and free parameters.
    public init(outputs: UnsafePointer<Float>, free: UnsafePointer<Float>) {
        self.outputs = outputs
        self.free = free
    }
}

/// A family of action distributions parameterized by a network's output, as PPO needs them:
/// sampling, log-probabilities, entropies, the deterministic action (the mode) and the gradients of
/// a weighted sum of log-probabilities and entropies.
///
/// A sampled action is stored as ``actionDimension`` values (a categorical action is its index as
/// one value); ``environmentAction(fromSample:into:)`` turns it into what the environment receives.
/// Every operation works on `rows` rows at once and allocates nothing. Sampling is split in two, so
/// that the random values of a whole rollout can be drawn in one fixed order and the rows sampled on
/// any thread: ``drawNoise(rows:into:generator:)`` then ``sample(_:rows:noise:actions:logProbabilities:)``.
/// To plug in a distribution of your own, conform to this protocol and pass it to
/// ``PPO/init(environment:configuration:distribution:)``.
///
/// ```swift
/// let distribution = CategoricalDistribution(actionCount: 2)
/// distribution.sample(parameters, rows: 8, actions: actions, logProbabilities: logp, generator: &generator)
/// ```
public protocol ActionDistribution: Sendable {
    /// The name used in configurations and metadata, such as `categorical`.
    var name: String { get }
    /// Values per stored action.
    var actionDimension: Int { get }
    /// Network outputs per row.
    var inputDimension: Int { get }
    /// State-independent parameters (0 when every parameter comes from the network).
    var freeParameterCount: Int { get }
    /// The free parameters' values before training.
    func initialFreeParameters() -> [Float]
    /// Random values one sample consumes (a uniform for a categorical, a normal per dimension for a
    /// Gaussian).
    var noisePerSample: Int { get }
    /// Draws the random values of `rows` samples from `generator`, row after row.
    func drawNoise(rows: Int, into noise: UnsafeMutablePointer<Float>, generator: inout RandomGenerator)
    /// Turns each row's pre-drawn noise into an action, and writes each action's log-probability.
    func sample(_ parameters: DistributionParameters, rows: Int, noise: UnsafePointer<Float>,
                actions: UnsafeMutablePointer<Float>, logProbabilities: UnsafeMutablePointer<Float>)
    /// Writes log π(aᵣ) for each row's stored action.
    func logProbabilities(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                          into logProbabilities: UnsafeMutablePointer<Float>)
    /// Writes each row's entropy.
    func entropies(_ parameters: DistributionParameters, rows: Int, into entropies: UnsafeMutablePointer<Float>)
    /// Writes each row's deterministic action (its mode), in stored form.
    func modes(_ parameters: DistributionParameters, rows: Int, into actions: UnsafeMutablePointer<Float>)
    /// The normalized action an environment receives for one stored action: the index for a discrete
    /// action, a vector in [-1, 1]ⁿ for a continuous one.
    func environmentAction(fromSample sample: UnsafePointer<Float>, into action: UnsafeMutablePointer<Float>)
    /// The gradients of `Σᵣ (w[r] · log π(aᵣ) + entropyWeight · H(πᵣ))`: per-row gradients with
    /// respect to the network outputs (`rows × inputDimension`, overwritten) and, summed over rows,
    /// with respect to the free parameters (overwritten).
    func backward(_ parameters: DistributionParameters, actions: UnsafePointer<Float>, rows: Int,
                  logProbabilityWeights: UnsafePointer<Float>, entropyWeight: Float,
                  outputGradients: UnsafeMutablePointer<Float>, freeGradients: UnsafeMutablePointer<Float>)
    /// How a deployed policy turns the network's output into the deterministic action.
    var deterministicHead: DeterministicPolicy.Squashing { get }
    /// Whether one stored action (``actionDimension`` values) is one this distribution can produce,
    /// so that a rollout from elsewhere is checked before its log-probabilities are computed.
    func isValidAction(_ action: UnsafePointer<Float>) -> Bool
    /// The first of `rows` stored actions (row after row) that ``isValidAction(_:)`` refuses, or nil
    /// when every one is valid: a whole rollout checked in one call.
    func firstInvalidAction(_ actions: UnsafePointer<Float>, rows: Int) -> Int?
}

extension ActionDistribution {
    /// Every value finite.
    public func isValidAction(_ action: UnsafePointer<Float>) -> Bool {
        (0..<actionDimension).allSatisfy { action[$0].isFinite }
    }

    /// Each row checked with ``isValidAction(_:)``.
    public func firstInvalidAction(_ actions: UnsafePointer<Float>, rows: Int) -> Int? {
        let width = actionDimension
        return (0..<rows).first { !isValidAction(actions + $0 * width) }
    }

    /// Draws one action per row with noise from `generator`, and writes each action's log-probability.
    public func sample(_ parameters: DistributionParameters, rows: Int, actions: UnsafeMutablePointer<Float>,
                       logProbabilities: UnsafeMutablePointer<Float>, generator: inout RandomGenerator) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: rows * noisePerSample) { noise in
            drawNoise(rows: rows, into: noise.baseAddress!, generator: &generator)
            sample(parameters, rows: rows, noise: noise.baseAddress!, actions: actions, logProbabilities: logProbabilities)
        }
    }
}

/// The first of `rows` rows of `width` values that holds a NaN or an infinity, or nil when there is
/// none: the check of a distribution whose every finite action is valid (the vectorized kernel first,
/// as a rollout holds thousands of actions).
func firstNonFiniteRow(_ values: UnsafePointer<Float>, rows: Int, width: Int) -> Int? {
    guard rows * width > 0, swiftrl_all_finite(rows * width, values) == 0 else { return nil }
    return (0..<rows).first { row in (0..<width).contains { !values[row * width + $0].isFinite } }
}
