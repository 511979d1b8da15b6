import Testing

import Foundation
import SwiftRLCore
@testable import SwiftRLAlgorithms

/// SAC's squashed-Gaussian policy math against float64 golden values from
/// `scripts/reference/sac_reference.py` (finite differences for the gradients), and the same bits
/// from every kernel variant.
@Suite("SAC policy math")
struct SACPolicyMathTests {
    /// Action, log-density and σ of one sample, with the kernels of `variant`.
    static func sample(mean: Float, rawLogStd: Float, noise: Float, variant: KernelVariant = .selected)
        -> (action: Float, logDensity: Float, standardDeviation: Float)
    {
        let policy = SquashedGaussian(dimensions: 1, capacity: 1, logStdMin: SACGoldenValues.logStdMin,
                                      logStdMax: SACGoldenValues.logStdMax)
        defer { policy.deallocate() }
        policy.noise[0] = noise
        variant.withOverride { policy.evaluate(actorOutput: [mean, rawLogStd], rows: 1) }
        return (policy.actions[0], policy.logProbabilities[0], policy.standardDeviations[0])
    }

    @Test("log(1 − tanh²u) is accurate, including |u| = 10 and 30 where the naive form fails",
          arguments: SACGoldenValues.logOneMinusTanhSquared.map(\.u))
    func logOneMinusTanhSquared(u: Float) throws {
        let expected = try #require(SACGoldenValues.logOneMinusTanhSquared.first { $0.u == u }).expected
        // With σ̃ = 0 and ε = 0, log π = −½ log 2π − log(1 − tanh²u).
        let actual = -(Self.sample(mean: u, rawLogStd: 0, noise: 0).logDensity + 0.918938533)
        #expect(actual.isFinite)
        expectClose(actual, expected, within: .float32, "log(1 − tanh²(\(u)))")
    }

    @Test("Squashed action and log-density match the reference", arguments: SACGoldenValues.samples.indices)
    func sample(index: Int) {
        let golden = SACGoldenValues.samples[index]
        let (action, logDensity, _) = Self.sample(mean: golden.mean, rawLogStd: golden.logStd, noise: golden.noise)
        expectClose(action, golden.action, within: .float32, "action")
        expectClose(logDensity, golden.logProbability, within: .float32, "log π")
    }

    @Test("The actor gradient formula of updateActor matches finite differences of α log π − Q",
          arguments: SACGoldenValues.samples.indices)
    func actorGradient(index: Int) {
        let golden = SACGoldenValues.samples[index]
        let (action, _, standardDeviation) = Self.sample(mean: golden.mean, rawLogStd: golden.logStd, noise: golden.noise)
        let gradients = SACActorGradient.outputGradients(
            action: action, actionGradient: SACGoldenValues.qGradient(action), noise: golden.noise,
            rawLogStd: golden.logStd, standardDeviation: standardDeviation, alpha: golden.alpha, scale: 1,
            logStdMin: SACGoldenValues.logStdMin, logStdMax: SACGoldenValues.logStdMax)
        expectClose(gradients.mean, golden.meanGradient, within: .gradient, "∂ℓ/∂μ")
        expectClose(gradients.logStd, golden.logStdGradient, within: .gradient, "∂ℓ/∂σ̃")
    }

    @Test("The batch scale multiplies both gradients")
    func scale() {
        let golden = SACGoldenValues.samples[1]
        func gradients(scale: Float) -> (mean: Float, logStd: Float) {
            SACActorGradient.outputGradients(
                action: 0.5, actionGradient: -0.25, noise: golden.noise, rawLogStd: golden.logStd,
                standardDeviation: 0.75, alpha: golden.alpha, scale: scale, logStdMin: -20, logStdMax: 2)
        }
        let one = gradients(scale: 1), quarter = gradients(scale: 0.25)
        #expect(quarter.mean == one.mean * 0.25)
        #expect(quarter.logStd == one.logStd * 0.25)
    }

    @Test("Over a sweep of u: tanh within 2.5 ulp and log(1 − tanh²u) within 3e-7 of float64, every variant the same bits")
    func accuracySweep() {
        var worstActionUlps: Float = 0, worstLogError = 0.0
        for step in -3000...3000 {
            let u = Float(step) * 0.005 + (step % 2 == 0 ? 0 : 1e-4)    // |u| ≤ 15 and values near 0
            let result = Self.sample(mean: u, rawLogStd: 0, noise: 0)
            let exactTanh = Foundation.tanh(Double(u))
            let ulp = Float(exactTanh).ulp
            worstActionUlps = max(worstActionUlps, Float(abs(Double(result.action) - exactTanh)) / ulp)
            let exactLog = 2 * (Foundation.log(2.0) - abs(Double(u)) - Foundation.log1p(Foundation.exp(-2 * abs(Double(u)))))
            let logDerivative = -(Double(result.logDensity) + 0.5 * Foundation.log(2 * Double.pi))
            worstLogError = max(worstLogError, abs(logDerivative - exactLog) / max(1, abs(exactLog)))
            for variant in KernelVariant.allCases where variant.rawValue <= KernelVariant.supported.rawValue {
                let other = Self.sample(mean: u, rawLogStd: 0.3, noise: 0.7, variant: variant)
                let reference = Self.sample(mean: u, rawLogStd: 0.3, noise: 0.7, variant: .portable)
                #expect(other.action.bitPattern == reference.action.bitPattern)
                #expect(other.logDensity.bitPattern == reference.logDensity.bitPattern)
            }
        }
        #expect(worstActionUlps <= 2.5, "tanh error \(worstActionUlps) ulp")
        #expect(worstLogError <= 3e-7, "log(1 − tanh²u) error \(worstLogError)")
    }

    @Test("σ = exp(σ̃) within 1 ulp over the clamp range [−20, 2]")
    func standardDeviation() {
        var worst: Float = 0
        for step in 0...2200 {
            let logStd = -20 + Float(step) * 0.01
            let exact = Foundation.exp(Double(logStd))
            let actual = Self.sample(mean: 0, rawLogStd: logStd, noise: 0).standardDeviation
            worst = max(worst, Float(abs(Double(actual) - exact)) / Float(exact).ulp)
        }
        #expect(worst <= 1, "exp error \(worst) ulp")
    }
}
