import SwiftRLCore
import SwiftRLNN

/// A network, an input batch and loss weights `c` for the test loss `Σ c_ij · y_ij`, with the
/// analytic gradients from ``MLP/backward(outputGradient:workspace:parameterGradients:inputGradient:)``
/// and double-precision central differences of ``ReferenceMLP``.
struct GradientCheckFixture {
    /// Preactivations closer than this to a ReLU kink make the fixture rejected: there the Float32
    /// and Double passes may disagree on the side, and central differences straddle the kink.
    static let kinkMargin = 1e-3
    /// Central-difference step, applied to the Double copy of the parameters or inputs.
    static let step = 1e-6

    let network: MLP
    let batchSize: Int
    let input: [Float]
    let lossWeights: [Float]

    /// The first seed from `firstSeed` whose network and input keep every ReLU preactivation at least
    /// ``kinkMargin`` from zero and leave every row at least one output with a nonzero derivative,
    /// so that the check is not vacuous (nil if none of 100 seeds does).
    static func make(_ architecture: MLPArchitecture, batchSize: Int, firstSeed: UInt64 = 1) -> GradientCheckFixture? {
        for seed in firstSeed..<(firstSeed + 100) {
            var generator = RandomGenerator(seed: seed)
            let fixture = GradientCheckFixture(
                network: MLP(architecture: architecture, generator: &generator),
                batchSize: batchSize,
                input: generator.floats(batchSize * architecture.inputSize),
                lossWeights: generator.floats(batchSize * architecture.outputSize))
            let reference = ReferenceMLP(fixture.network)
            if reference.distanceToReLUKink(fixture.doubleInput, batchSize: batchSize) > kinkMargin,
               reference.everyRowHasLiveOutput(fixture.doubleInput, batchSize: batchSize) {
                return fixture
            }
        }
        return nil
    }

    var doubleInput: [Double] { input.map(Double.init) }
    var doubleLossWeights: [Double] { lossWeights.map(Double.init) }

    /// Runs forward and backward in Float32 with the output gradient `c`.
    /// - Parameters:
    ///   - parameterGradientsInitialValue: what the gradient buffer holds before `backward`
    ///     (to show it is overwritten), or nil to pass no buffer.
    ///   - wantsInputGradient: whether to pass an input-gradient buffer.
    ///   - workspace: a workspace to reuse; a fresh one sized for the batch otherwise.
    func analyticGradients(
        parameterGradientsInitialValue: Float? = 0, wantsInputGradient: Bool = true, workspace: MLPWorkspace? = nil
    ) -> (parameters: [Float]?, input: [Float]?) {
        let architecture = network.architecture
        let workspace = workspace ?? MLPWorkspace(architecture: architecture, capacity: batchSize)
        network.forward(input, batchSize: batchSize, workspace: workspace)
        var parameterGradients = parameterGradientsInitialValue.map {
            [Float](repeating: $0, count: architecture.parameterCount)
        }
        var inputGradient = wantsInputGradient ? [Float](repeating: .nan, count: input.count) : nil
        func run(_ parameters: UnsafeMutablePointer<Float>?, _ inputs: UnsafeMutablePointer<Float>?) {
            network.backward(outputGradient: lossWeights, workspace: workspace,
                             parameterGradients: parameters, inputGradient: inputs)
        }
        func withOptionalPointer<R>(_ array: inout [Float]?, _ body: (UnsafeMutablePointer<Float>?) -> R) -> R {
            guard array != nil else { return body(nil) }
            return array!.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        }
        withOptionalPointer(&parameterGradients) { p in withOptionalPointer(&inputGradient) { i in run(p, i) } }
        return (parameterGradients, inputGradient)
    }

    /// Central differences of the double-precision loss with respect to every parameter and input.
    func finiteDifferenceGradients() -> (parameters: [Double], input: [Double]) {
        let reference = ReferenceMLP(network)
        let c = doubleLossWeights, x = doubleInput, h = Self.step
        let parameterGradients = reference.parameters.indices.map { index -> Double in
            var perturbed = reference
            perturbed.parameters[index] += h
            let plus = perturbed.loss(x, batchSize: batchSize, weights: c)
            perturbed.parameters[index] = reference.parameters[index] - h
            let minus = perturbed.loss(x, batchSize: batchSize, weights: c)
            return (plus - minus) / (2 * h)
        }
        let inputGradients = x.indices.map { index -> Double in
            var perturbed = x
            perturbed[index] += h
            let plus = reference.loss(perturbed, batchSize: batchSize, weights: c)
            perturbed[index] = x[index] - h
            let minus = reference.loss(perturbed, batchSize: batchSize, weights: c)
            return (plus - minus) / (2 * h)
        }
        return (parameterGradients, inputGradients)
    }
}
