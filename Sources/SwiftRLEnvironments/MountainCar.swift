import Foundation
import SwiftRLCore

/// A car in a valley pushed left, not at all, or right, identical to Gymnasium's `MountainCar-v0`
/// (`gymnasium/envs/classic_control/mountain_car.py`, Gymnasium 1.4.0).
///
/// The observation is `[position, velocity]`; actions are 0 (push left), 1 (no push) and 2 (push
/// right). Every step is rewarded -1; the episode terminates when the car reaches the flag
/// (position ≥ 0.5 with non-negative velocity). The registry's `TimeLimit` truncates it after
/// 200 steps. Gymnasium keeps this state in float64 throughout, and so does this port.
public struct MountainCar: Environment {
    /// The leftmost position (a wall: the car stops there).
    public static let minPosition = -1.2
    /// The rightmost position.
    public static let maxPosition = 0.6
    /// The largest speed.
    public static let maxSpeed = 0.07
    /// The flag's position.
    public static let goalPosition = 0.5
    /// The acceleration of a push.
    public static let force = 0.001
    /// The gravity factor of the slope.
    public static let gravity = 0.0025

    /// The physical state `[position, velocity]` in float64, as Gymnasium's `env.unwrapped.state`.
    ///
    /// Zero until the first `reset`. Assign it (2 values) to replay from a recorded state.
    public var state: [Double] {
        get { [position, velocity] }
        set {
            precondition(newValue.count == 2, "\(name): the state is [position, velocity]")
            (position, velocity) = (newValue[0], newValue[1])
        }
    }
    /// The generator `reset` draws initial states from.
    public var generator: RandomGenerator
    // The state, stored unboxed so that a step allocates nothing.
    private var position = 0.0, velocity = 0.0

    /// Creates the environment; `seed` seeds the generator used by `reset(seed: nil)` until a seed is given.
    public init(seed: UInt64 = 0) {
        generator = RandomGenerator(seed: seed)
    }

    /// `"MountainCar-v0"`.
    public var name: String { "MountainCar-v0" }

    /// `Box([-1.2, -0.07], [0.6, 0.07])`: position and velocity.
    public var observationSpace: BoxSpace {
        BoxSpace(
            low: [Float(Self.minPosition), -Float(Self.maxSpeed)],
            high: [Float(Self.maxPosition), Float(Self.maxSpeed)]
        )
    }

    /// `Discrete(3)`: push left, no push, push right.
    public var actionSpace: ActionSpace { .discrete(count: 3) }

    /// Draws the position uniformly from [-0.6, -0.4) with zero velocity, as Gymnasium does.
    public mutating func reset(seed: UInt64?, observation: inout [Float]) {
        if let seed { generator = RandomGenerator(seed: seed) }
        position = generator.uniformDouble(-0.6, -0.4)
        velocity = 0
        observe(into: &observation)
    }

    /// Applies the push and gravity, bounds speed and position, and checks the flag.
    public mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
        let push = Checks.discreteIndex(action, count: 3, environment: name) - 1
        velocity += Double(push) * Self.force + cos(3 * position) * -Self.gravity
        velocity = clip(velocity, -Self.maxSpeed, Self.maxSpeed)
        position += velocity
        position = clip(position, Self.minPosition, Self.maxPosition)
        if position == Self.minPosition && velocity < 0 { velocity = 0 }
        let terminated = position >= Self.goalPosition && velocity >= 0
        observe(into: &observation)
        return StepOutcome(reward: -1.0, terminated: terminated)
    }

    /// Writes `[position, velocity]` rounded to float32.
    @inline(__always)
    public func observe(into observation: inout [Float]) {
        Checks.checkObservation(observation, dimension: 2, environment: name)
        observation[0] = Float(position)
        observation[1] = Float(velocity)
    }
}
