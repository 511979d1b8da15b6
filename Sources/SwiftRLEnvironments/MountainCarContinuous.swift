import Foundation
import SwiftRLCore

/// A car in a valley pushed by a continuous force, identical to Gymnasium's
/// `MountainCarContinuous-v0` (`gymnasium/envs/classic_control/continuous_mountain_car.py`, 1.4.0).
///
/// The observation is `[position, velocity]`. The episode terminates when the car reaches the flag
/// (position ≥ 0.45 with non-negative velocity), rewarded 100; every step costs `0.1 a²` of the
/// *unclipped* action, while the force itself is clipped to [-1, 1]. The registry's `TimeLimit`
/// truncates it after 999 steps.
///
/// Gymnasium's arithmetic mixes precisions, and so does this port: the state is float64 after
/// `reset` and float32 after every step (`stateIsFloat32`), an in-bounds force stays float32, and
/// NumPy 2 computes `np.float32 ± Python float` in float32. The step reproduces each case exactly.
public struct MountainCarContinuous: Environment {
    /// The leftmost position (a wall: the car stops there).
    public static let minPosition = -1.2
    /// The rightmost position.
    public static let maxPosition = 0.6
    /// The largest speed.
    public static let maxSpeed = 0.07
    /// The flag's position.
    public static let goalPosition = 0.45
    /// The acceleration per unit of force.
    public static let power = 0.0015

    /// The physical state `[position, velocity]`, as Gymnasium's `env.unwrapped.state`.
    ///
    /// Assigning it mirrors assigning a float64 array in Gymnasium: `stateIsFloat32` becomes false.
    /// Zero until the first `reset`.
    public var state: [Double] {
        get { [position, velocity] }
        set {
            precondition(newValue.count == 2, "\(name): the state is [position, velocity]")
            (position, velocity) = (newValue[0], newValue[1])
            stateIsFloat32 = false
        }
    }
    /// Whether Gymnasium would hold the state as float32 (after a step) rather than float64 (after
    /// `reset` or an assignment); the next step computes in that precision.
    public var stateIsFloat32 = false
    /// The generator `reset` draws initial states from.
    public var generator: RandomGenerator
    // The state, stored unboxed so that a step allocates nothing.
    private var position = 0.0, velocity = 0.0

    /// Creates the environment; `seed` seeds the generator used by `reset(seed: nil)` until a seed is given.
    public init(seed: UInt64 = 0) {
        generator = RandomGenerator(seed: seed)
    }

    /// `"MountainCarContinuous-v0"`.
    public var name: String { "MountainCarContinuous-v0" }

    /// `Box([-1.2, -0.07], [0.6, 0.07])`: position and velocity.
    public var observationSpace: BoxSpace {
        BoxSpace(
            low: [Float(Self.minPosition), -Float(Self.maxSpeed)],
            high: [Float(Self.maxPosition), Float(Self.maxSpeed)]
        )
    }

    /// `Box(-1, 1, (1,))`: the force.
    public var actionSpace: ActionSpace { .box(BoxSpace(low: [-1], high: [1])) }

    /// Draws the position uniformly from [-0.6, -0.4) with zero velocity, as Gymnasium does.
    public mutating func reset(seed: UInt64?, observation: inout [Float]) {
        if let seed { generator = RandomGenerator(seed: seed) }
        position = generator.uniformDouble(-0.6, -0.4)
        velocity = 0
        stateIsFloat32 = false
        observe(into: &observation)
    }

    /// Applies the clipped force and gravity, bounds speed and position, and checks the flag.
    public mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
        let a = Checks.scalar(action, environment: name)
        // Python's `min(max(a, -1.0), 1.0)` keeps the float32 action inside the bounds, else a Python float.
        let forceIsAction = !(a < -1) && !(a > 1)
        let (position, velocity) = stateIsFloat32
            ? stepFloat32(position: Float(self.position), velocity: Float(self.velocity), action: a, forceIsAction: forceIsAction)
            : stepFloat64(position: self.position, velocity: self.velocity, action: a, forceIsAction: forceIsAction)
        // A float32 position meets the Python float goal in float32 (NumPy 2 rounds the goal).
        let reachedGoal = stateIsFloat32 ? Float(position) >= Float(Self.goalPosition) : position >= Self.goalPosition
        let terminated = reachedGoal && velocity >= 0
        self.position = Double(Float(position))
        self.velocity = Double(Float(velocity))
        stateIsFloat32 = true
        observe(into: &observation)
        let reward = (terminated ? 100.0 : 0.0) - pythonSquare(Double(a)) * 0.1
        return StepOutcome(reward: reward, terminated: terminated)
    }

    /// Writes `[position, velocity]` rounded to float32.
    @inline(__always)
    public func observe(into observation: inout [Float]) {
        Checks.checkObservation(observation, dimension: 2, environment: name)
        observation[0] = Float(position)
        observation[1] = Float(velocity)
    }

    /// The velocity increment `force · power − 0.0025 cos(3 · position)`: float32 when the force is the
    /// float32 action, float64 when it is a clipped Python float; `gravityTerm` is `0.0025 cos(3 · position)`.
    private func increment(action: Float, forceIsAction: Bool, gravityTerm: Double) -> (float32: Float?, float64: Double) {
        if forceIsAction {
            let value = action * Float(Self.power) - Float(gravityTerm)
            return (value, Double(value))
        }
        return (nil, (action < 0 ? -1.0 : 1.0) * Self.power - gravityTerm)
    }

    /// The first step after `reset`: the state is float64, so everything but a float32 increment is float64.
    private func stepFloat64(position: Double, velocity: Double, action: Float, forceIsAction: Bool) -> (Double, Double) {
        let gravityTerm = 0.0025 * cos(3 * position)
        var velocity = velocity + increment(action: action, forceIsAction: forceIsAction, gravityTerm: gravityTerm).float64
        if velocity > Self.maxSpeed { velocity = Self.maxSpeed }
        if velocity < -Self.maxSpeed { velocity = -Self.maxSpeed }
        var position = position + velocity
        if position > Self.maxPosition { position = Self.maxPosition }
        if position < Self.minPosition { position = Self.minPosition }
        if position == Self.minPosition && velocity < 0 { velocity = 0 }
        return (position, velocity)
    }

    /// Later steps: the state is float32, NumPy 2 rounds Python floats to float32 before combining
    /// them with it, and a bound assigned by a clip is a Python float (rounded again when used).
    private func stepFloat32(position: Float, velocity: Float, action: Float, forceIsAction: Bool) -> (Double, Double) {
        let gravityTerm = 0.0025 * cos(Double(position * 3))
        let step = increment(action: action, forceIsAction: forceIsAction, gravityTerm: gravityTerm)
        let velocity32 = velocity + (step.float32 ?? Float(step.float64))
        var velocity = Double(velocity32)
        if velocity32 > Float(Self.maxSpeed) { velocity = Self.maxSpeed }
        if velocity32 < -Float(Self.maxSpeed) { velocity = -Self.maxSpeed }
        let position32 = position + Float(velocity)
        var position = Double(position32)
        if position32 > Float(Self.maxPosition) { position = Self.maxPosition }
        if position32 < Float(Self.minPosition) { position = Self.minPosition }
        if Float(position) == Float(Self.minPosition) && velocity < 0 { velocity = 0 }
        return (position, velocity)
    }
}
