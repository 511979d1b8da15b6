import Foundation
import SwiftRLCore

/// A pole balanced on a cart pushed left or right, identical to Gymnasium's `CartPole-v1`
/// (`gymnasium/envs/classic_control/cartpole.py`, Gymnasium 1.4.0, Euler integration).
///
/// The observation is `[x, ẋ, θ, θ̇]`; actions are 0 (push left) and 1 (push right) with a force of
/// 10 N. Every step is rewarded 1 until the episode terminates (|x| > 2.4 or |θ| > 12°), the
/// terminating step included. Stepping on after termination is undefined in Gymnasium; as there,
/// the physics continue and such steps are rewarded 0. The registry's `TimeLimit` truncates an
/// episode after 500 steps.
public struct CartPole: Environment {
    /// The acceleration of gravity, in m/s².
    public static let gravity = 9.8
    /// The cart's mass, in kg.
    public static let cartMass = 1.0
    /// The pole's mass, in kg.
    public static let poleMass = 0.1
    /// Half the pole's length, in m.
    public static let halfLength = 0.5
    /// The force of a push, in N.
    public static let forceMagnitude = 10.0
    /// The integration time step, in seconds.
    public static let tau = 0.02
    /// The angle beyond which the episode terminates: 12° in radians.
    public static let thetaThreshold = 12 * 2 * Double.pi / 360
    /// The cart position beyond which the episode terminates.
    public static let xThreshold = 2.4

    private static let totalMass = poleMass + cartMass
    private static let poleMassLength = poleMass * halfLength

    /// The physical state `[x, ẋ, θ, θ̇]` in float64, as Gymnasium's `env.unwrapped.state`.
    ///
    /// Zero until the first `reset`. Assign it (4 values) to replay from a recorded state.
    public var state: [Double] {
        get { [x, xDot, theta, thetaDot] }
        set {
            precondition(newValue.count == 4, "\(name): the state is [x, ẋ, θ, θ̇]")
            (x, xDot, theta, thetaDot) = (newValue[0], newValue[1], newValue[2], newValue[3])
        }
    }
    /// Steps taken since the episode terminated: `nil` before termination, as Gymnasium's
    /// `steps_beyond_terminated`; steps after the terminating one are rewarded 0.
    public var stepsBeyondTerminated: Int?
    /// The generator `reset` draws initial states from.
    public var generator: RandomGenerator
    // The state, stored unboxed so that a step allocates nothing.
    private var x = 0.0, xDot = 0.0, theta = 0.0, thetaDot = 0.0

    /// Creates the environment; `seed` seeds the generator used by `reset(seed: nil)` until a seed is given.
    public init(seed: UInt64 = 0) {
        generator = RandomGenerator(seed: seed)
    }

    /// `"CartPole-v1"`.
    public var name: String { "CartPole-v1" }

    /// `Box([-4.8, -inf, -0.419, -inf], [4.8, inf, 0.419, inf])`: twice the termination thresholds.
    public var observationSpace: BoxSpace {
        let high: [Float] = [Float(Self.xThreshold * 2), .infinity, Float(Self.thetaThreshold * 2), .infinity]
        return BoxSpace(low: high.map { -$0 }, high: high)
    }

    /// `Discrete(2)`: push left, push right.
    public var actionSpace: ActionSpace { .discrete(count: 2) }

    /// Draws each state component uniformly from [-0.05, 0.05), as Gymnasium does.
    public mutating func reset(seed: UInt64?, observation: inout [Float]) {
        if let seed { generator = RandomGenerator(seed: seed) }
        x = generator.uniformDouble(-0.05, 0.05)
        xDot = generator.uniformDouble(-0.05, 0.05)
        theta = generator.uniformDouble(-0.05, 0.05)
        thetaDot = generator.uniformDouble(-0.05, 0.05)
        stepsBeyondTerminated = nil
        observe(into: &observation)
    }

    /// Pushes the cart and advances the physics by one Euler step.
    public mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
        let force = Checks.discreteIndex(action, count: 2, environment: name) == 1
            ? Self.forceMagnitude : -Self.forceMagnitude
        let cosTheta = cos(theta)
        let sinTheta = sin(theta)
        let temp = (force + Self.poleMassLength * (thetaDot * thetaDot) * sinTheta) / Self.totalMass
        let thetaAcc = (Self.gravity * sinTheta - cosTheta * temp)
            / (Self.halfLength * (4.0 / 3.0 - Self.poleMass * (cosTheta * cosTheta) / Self.totalMass))
        let xAcc = temp - Self.poleMassLength * thetaAcc * cosTheta / Self.totalMass
        x = x + Self.tau * xDot
        xDot = xDot + Self.tau * xAcc
        theta = theta + Self.tau * thetaDot
        thetaDot = thetaDot + Self.tau * thetaAcc

        let terminated = x < -Self.xThreshold || x > Self.xThreshold
            || theta < -Self.thetaThreshold || theta > Self.thetaThreshold
        let reward: Double
        if !terminated {
            reward = 1
        } else if let beyond = stepsBeyondTerminated {
            stepsBeyondTerminated = beyond + 1
            reward = 0
        } else {
            stepsBeyondTerminated = 0
            reward = 1
        }
        observe(into: &observation)
        return StepOutcome(reward: reward, terminated: terminated)
    }

    /// Writes `[x, ẋ, θ, θ̇]` rounded to float32.
    @inline(__always)
    public func observe(into observation: inout [Float]) {
        Checks.checkObservation(observation, dimension: 4, environment: name)
        observation[0] = Float(x)
        observation[1] = Float(xDot)
        observation[2] = Float(theta)
        observation[3] = Float(thetaDot)
    }
}
