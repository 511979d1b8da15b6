import Foundation
import SwiftRLCore

/// A two-link pendulum actuated at the middle joint, identical to Gymnasium's `Acrobot-v1`
/// (`gymnasium/envs/classic_control/acrobot.py`, Gymnasium 1.4.0: the book's dynamics, no torque noise).
///
/// The observation is `[cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ̇₁, θ̇₂]`; actions 0, 1 and 2 apply a torque
/// of -1, 0 and +1 at the joint. Every step is rewarded -1 until the tip swings above the line one
/// link length above the pivot (`-cos θ₁ - cos(θ₁ + θ₂) > 1`), which terminates with reward 0.
/// Each step integrates the dynamics over 0.2 s with one classic Runge–Kutta step, exactly as
/// Gymnasium's `rk4`, then wraps the angles into [-π, π] and bounds the speeds. The registry's
/// `TimeLimit` truncates an episode after 500 steps.
public struct Acrobot: Environment {
    /// The integration time step, in seconds.
    public static let dt = 0.2
    /// The largest speed of the first joint: 4π rad/s.
    public static let maxVelocity1 = 4 * Double.pi
    /// The largest speed of the second joint: 9π rad/s.
    public static let maxVelocity2 = 9 * Double.pi
    /// The torque of each action.
    public static let torques: [Double] = [-1, 0, 1]

    /// The physical state `[θ₁, θ₂, θ̇₁, θ̇₂]` in float64, as Gymnasium's `env.unwrapped.state`
    /// (`reset` draws float32 values, which Gymnasium widens to float64 on the first step).
    ///
    /// Zero until the first `reset`. Assign it (4 values) to replay from a recorded state.
    public var state: [Double] {
        get { [joints[0], joints[1], joints[2], joints[3]] }
        set {
            precondition(newValue.count == 4, "\(name): the state is [θ₁, θ₂, θ̇₁, θ̇₂]")
            joints = SIMD4(newValue[0], newValue[1], newValue[2], newValue[3])
        }
    }
    /// The generator `reset` draws initial states from.
    public var generator: RandomGenerator
    // The state `[θ₁, θ₂, θ̇₁, θ̇₂]`, stored unboxed so that a step allocates nothing.
    private var joints = SIMD4<Double>()

    /// Creates the environment; `seed` seeds the generator used by `reset(seed: nil)` until a seed is given.
    public init(seed: UInt64 = 0) {
        generator = RandomGenerator(seed: seed)
    }

    /// `"Acrobot-v1"`.
    public var name: String { "Acrobot-v1" }

    /// `Box([-1, -1, -1, -1, -4π, -9π], [1, 1, 1, 1, 4π, 9π])`.
    public var observationSpace: BoxSpace {
        let high: [Float] = [1, 1, 1, 1, Float(Self.maxVelocity1), Float(Self.maxVelocity2)]
        return BoxSpace(low: high.map { -$0 }, high: high)
    }

    /// `Discrete(3)`: torque -1, 0, +1.
    public var actionSpace: ActionSpace { .discrete(count: 3) }

    /// Draws each state component uniformly from [-0.1, 0.1) and rounds it to float32, as Gymnasium does.
    public mutating func reset(seed: UInt64?, observation: inout [Float]) {
        if let seed { generator = RandomGenerator(seed: seed) }
        for index in 0..<4 { joints[index] = Double(Float(generator.uniformDouble(-0.1, 0.1))) }
        observe(into: &observation)
    }

    /// Applies the action's torque for 0.2 s and reports whether the tip crossed the line.
    public mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
        let torque = Self.torques[Checks.discreteIndex(action, count: 3, environment: name)]
        var next = Self.rungeKutta(joints, torque: torque)
        next[0] = Self.wrap(next[0])
        next[1] = Self.wrap(next[1])
        next[2] = Swift.min(Swift.max(next[2], -Self.maxVelocity1), Self.maxVelocity1)
        next[3] = Swift.min(Swift.max(next[3], -Self.maxVelocity2), Self.maxVelocity2)
        joints = next
        let terminated = -cos(joints[0]) - cos(joints[1] + joints[0]) > 1.0
        observe(into: &observation)
        return StepOutcome(reward: terminated ? 0.0 : -1.0, terminated: terminated)
    }

    /// Writes `[cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ̇₁, θ̇₂]`, computed in float64 and rounded to float32.
    @inline(__always)
    public func observe(into observation: inout [Float]) {
        Checks.checkObservation(observation, dimension: 6, environment: name)
        observation[0] = Float(cos(joints[0]))
        observation[1] = Float(sin(joints[0]))
        observation[2] = Float(cos(joints[1]))
        observation[3] = Float(sin(joints[1]))
        observation[4] = Float(joints[2])
        observation[5] = Float(joints[3])
    }

    // MARK: - Dynamics

    /// One step of Gymnasium's `rk4` over `[0, dt]`, element by element in the same order (the
    /// lane-wise SIMD operations round each element exactly as NumPy's element-wise ones).
    static func rungeKutta(_ y0: SIMD4<Double>, torque: Double) -> SIMD4<Double> {
        let halfStep = dt / 2.0
        let k1 = derivatives(y0, torque: torque)
        let k2 = derivatives(y0 + halfStep * k1, torque: torque)
        let k3 = derivatives(y0 + halfStep * k2, torque: torque)
        let k4 = derivatives(y0 + dt * k3, torque: torque)
        return y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
    }

    /// Gymnasium's `_dsdt` (book variant): `[θ̇₁, θ̇₂, θ̈₁, θ̈₂]`. Python's `**` is C's `pow`; `pythonSquare` gives its bits.
    static func derivatives(_ s: SIMD4<Double>, torque a: Double) -> SIMD4<Double> {
        let (m1, m2, l1, lc1, lc2, i1, i2, g) = (1.0, 1.0, 1.0, 0.5, 0.5, 1.0, 1.0, 9.8)
        let (theta1, theta2, dtheta1, dtheta2) = (s[0], s[1], s[2], s[3])
        let d1 = m1 * pythonSquare(lc1) + m2 * (pythonSquare(l1) + pythonSquare(lc2) + 2 * l1 * lc2 * cos(theta2)) + i1 + i2
        let d2 = m2 * (pythonSquare(lc2) + l1 * lc2 * cos(theta2)) + i2
        let phi2 = m2 * lc2 * g * cos(theta1 + theta2 - Double.pi / 2.0)
        let phi1 = -m2 * l1 * lc2 * pythonSquare(dtheta2) * sin(theta2)
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin(theta2)
            + (m1 * lc1 + m2 * l1) * g * cos(theta1 - Double.pi / 2)
            + phi2
        let ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * pythonSquare(dtheta1) * sin(theta2) - phi2)
            / (m2 * pythonSquare(lc2) + i2 - pythonSquare(d2) / d1)
        let ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
        return SIMD4(dtheta1, dtheta2, ddtheta1, ddtheta2)
    }

    /// Gymnasium's `wrap(x, -π, π)`: shifts by 2π until `x` lies in [-π, π].
    static func wrap(_ x: Double) -> Double {
        let (lower, upper) = (-Double.pi, Double.pi)
        let period = upper - lower
        var x = x
        while x > upper { x = x - period }
        while x < lower { x = x + period }
        return x
    }
}
