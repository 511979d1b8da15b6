import Foundation
import SwiftRLCore

/// The inverted pendulum swing-up problem, identical to Gymnasium's `Pendulum-v1`
/// (`gymnasium/envs/classic_control/pendulum.py`, Gymnasium 1.4.0).
///
/// A pendulum hangs from a pivot; a torque in [-2, 2] swings it up and balances it upright. The
/// observation is `[cos θ, sin θ, θ̇]`, the reward `-(θ² + 0.1 θ̇² + 0.001 u²)` with θ normalized to
/// [-π, π). The environment never terminates; the registry's `TimeLimit` truncates it after 200 steps.
///
/// The arithmetic follows Gymnasium's NumPy types: the state is float64, while the clipped torque
/// stays float32, so `0.001 u²` and `3 u` are computed in single precision, as NumPy does.
public struct Pendulum: Environment {
    /// The largest angular speed, in rad/s.
    public static let maxSpeed = 8.0
    /// The largest torque, in N·m; actions are clipped to ±`maxTorque`.
    public static let maxTorque: Float = 2.0
    /// The integration time step, in seconds.
    public static let dt = 0.05
    /// The pendulum's mass, in kg.
    public static let mass = 1.0
    /// The pendulum's length, in m.
    public static let length = 1.0
    /// Gymnasium's `3.0 / (m * l**2)`, rounded to float32 as NumPy does before it multiplies the torque.
    static let torqueCoefficient = Float(3.0 / (mass * pythonSquare(length)))

    /// The acceleration of gravity, in m/s² (Gymnasium's `g`, 10 by default).
    public let gravity: Double
    /// The physical state `[θ, θ̇]` in float64, as Gymnasium's `env.unwrapped.state`; θ = 0 is upright.
    ///
    /// Zero until the first `reset`. Assign it (2 values) to replay from a recorded state.
    public var state: [Double] {
        get { [theta, thetaDot] }
        set {
            precondition(newValue.count == 2, "\(name): the state is [θ, θ̇]")
            (theta, thetaDot) = (newValue[0], newValue[1])
            sinTheta = sin(theta)
        }
    }
    /// The generator `reset` draws initial states from.
    public var generator: RandomGenerator
    // The state, stored unboxed so that a step allocates nothing, and sin θ, which the observation
    // and the next step's dynamics both need (set wherever θ is).
    private var theta = 0.0, thetaDot = 0.0, sinTheta = 0.0

    /// Creates a pendulum.
    /// - Parameters:
    ///   - gravity: the acceleration of gravity (Gymnasium's `g`).
    ///   - seed: seeds the generator used by `reset(seed: nil)` until a seed is given.
    public init(gravity: Double = 10.0, seed: UInt64 = 0) {
        self.gravity = gravity
        generator = RandomGenerator(seed: seed)
    }

    /// `"Pendulum-v1"`.
    public var name: String { "Pendulum-v1" }

    /// `Box([-1, -1, -8], [1, 1, 8])`: cos θ, sin θ and θ̇.
    public var observationSpace: BoxSpace {
        BoxSpace(low: [-1, -1, -Float(Self.maxSpeed)], high: [1, 1, Float(Self.maxSpeed)])
    }

    /// `Box(-2, 2, (1,))`: the torque.
    public var actionSpace: ActionSpace {
        .box(BoxSpace(low: [-Self.maxTorque], high: [Self.maxTorque]))
    }

    /// Draws θ uniformly from [-π, π) and θ̇ from [-1, 1), as Gymnasium does.
    public mutating func reset(seed: UInt64?, observation: inout [Float]) {
        if let seed { generator = RandomGenerator(seed: seed) }
        theta = generator.uniformDouble(-Double.pi, Double.pi)
        thetaDot = generator.uniformDouble(-1, 1)
        sinTheta = sin(theta)
        observe(into: &observation)
    }

    /// Clips the torque to [-2, 2] and advances the pendulum by one semi-implicit Euler step.
    public mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
        let u = clip(Checks.scalar(action, environment: name), -Self.maxTorque, Self.maxTorque)
        // `0.001 * u**2` is float32 in NumPy (a Python float times np.float32); `u**2` is powf's.
        let costs = pythonSquare(Self.normalize(theta)) + 0.1 * pythonSquare(thetaDot) + Double(Float(0.001 as Double) * pythonSquare(u))
        let torqueTerm = Self.torqueCoefficient * u
        var newThetaDot = thetaDot
            + (3 * gravity / (2 * Self.length) * sinTheta + Double(torqueTerm)) * Self.dt
        newThetaDot = clip(newThetaDot, -Self.maxSpeed, Self.maxSpeed)
        theta = theta + newThetaDot * Self.dt
        thetaDot = newThetaDot
        sinTheta = sin(theta)
        observe(into: &observation)
        return StepOutcome(reward: -costs, terminated: false)
    }

    /// Writes `[cos θ, sin θ, θ̇]`, computed in float64 and rounded to float32.
    @inline(__always)
    public func observe(into observation: inout [Float]) {
        Checks.checkObservation(observation, dimension: 3, environment: name)
        observation[0] = Float(cos(theta))
        observation[1] = Float(sinTheta)
        observation[2] = Float(thetaDot)
    }

    /// Gymnasium's `angle_normalize`: `((x + π) % 2π) - π` with Python's floored remainder.
    static func normalize(_ x: Double) -> Double {
        let divisor = 2 * Double.pi
        var remainder = (x + Double.pi).truncatingRemainder(dividingBy: divisor)
        if remainder != 0, (remainder < 0) != (divisor < 0) {
            remainder += divisor
        }
        return remainder - Double.pi
    }
}
