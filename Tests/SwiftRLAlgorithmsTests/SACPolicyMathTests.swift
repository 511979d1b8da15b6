import Testing

@testable import SwiftRLAlgorithms

/// SAC's squashed-Gaussian policy math against float64 golden values from
/// `scripts/reference/sac_reference.py` (finite differences for the gradients).
@Suite("SAC policy math")
struct SACPolicyMathTests {
    @Test("log(1 − tanh²u) is accurate, including |u| = 10 and 30 where the naive form fails",
          arguments: SACGoldenValues.logOneMinusTanhSquared.map(\.u))
    func logOneMinusTanhSquared(u: Float) throws {
        let expected = try #require(SACGoldenValues.logOneMinusTanhSquared.first { $0.u == u }).expected
        let actual = SquashedGaussian.logOneMinusTanhSquared(u)
        #expect(actual.isFinite)
        expectClose(actual, expected, within: .float32, "log(1 − tanh²(\(u)))")
    }

    @Test("Squashed action and log-density match the reference", arguments: SACGoldenValues.samples.indices)
    func sample(index: Int) {
        let golden = SACGoldenValues.samples[index]
        let logStd = min(max(golden.logStd, SACGoldenValues.logStdMin), SACGoldenValues.logStdMax)
        let (action, logDensity) = SquashedGaussian.sample(mean: golden.mean, logStd: logStd, noise: golden.noise)
        expectClose(action, golden.action, within: .float32, "action")
        expectClose(logDensity, golden.logProbability, within: .float32, "log π")
    }

    @Test("The actor gradient formula of updateActor matches finite differences of α log π − Q",
          arguments: SACGoldenValues.samples.indices)
    func actorGradient(index: Int) {
        let golden = SACGoldenValues.samples[index]
        let logStd = min(max(golden.logStd, SACGoldenValues.logStdMin), SACGoldenValues.logStdMax)
        let (action, _) = SquashedGaussian.sample(mean: golden.mean, logStd: logStd, noise: golden.noise)
        let gradients = SACActorGradient.outputGradients(
            action: action, actionGradient: SACGoldenValues.qGradient(action), noise: golden.noise,
            rawLogStd: golden.logStd, alpha: golden.alpha, scale: 1,
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
                alpha: golden.alpha, scale: scale, logStdMin: -20, logStdMax: 2)
        }
        let one = gradients(scale: 1), quarter = gradients(scale: 0.25)
        #expect(quarter.mean == one.mean * 0.25)
        #expect(quarter.logStd == one.logStd * 0.25)
    }
}
