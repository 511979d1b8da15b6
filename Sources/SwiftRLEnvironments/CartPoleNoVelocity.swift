/// CartPole-v1 with the two velocities removed from the observation: a partially observable task
/// that a policy can only solve by remembering (rl8's and Stable-Baselines3's
/// `CartPoleNoVelEnv`).
///
/// The dynamics, rewards, termination, seeding and the registry's 500-step limit are exactly
/// ``CartPole``'s; the observation is `[x, θ]` rounded to float32.
public struct CartPoleNoVelocity: Environment {
    /// The full environment underneath.
    public var cartPole: CartPole
    /// The full observation `[x, ẋ, θ, θ̇]` of the last reset or step.
    private var fullObservation = [Float](repeating: 0, count: 4)

    /// Creates the environment; `seed` seeds the generator used by `reset(seed: nil)` until a seed is given.
    public init(seed: UInt64 = 0) {
        cartPole = CartPole(seed: seed)
    }

    /// CartPole's physical state `[x, ẋ, θ, θ̇]` in float64 (see ``CartPole/state``).
    public var state: [Double] {
        get { cartPole.state }
        set { cartPole.state = newValue }
    }

    /// `"CartPoleNoVelocity-v1"`.
    public var name: String { "CartPoleNoVelocity-v1" }

    /// `Box([-4.8, -0.419], [4.8, 0.419])`: CartPole's position and angle bounds.
    public var observationSpace: BoxSpace {
        let full = cartPole.observationSpace
        return BoxSpace(low: [full.low[0], full.low[2]], high: [full.high[0], full.high[2]])
    }

    /// `Discrete(2)`: push left, push right.
    public var actionSpace: ActionSpace { cartPole.actionSpace }

    /// Resets CartPole and observes its position and angle.
    public mutating func reset(seed: UInt64?, observation: inout [Float]) {
        cartPole.reset(seed: seed, observation: &fullObservation)
        project(into: &observation)
    }

    /// Steps CartPole and observes its position and angle.
    public mutating func step(_ action: [Float], observation: inout [Float]) -> StepOutcome {
        let outcome = cartPole.step(action, observation: &fullObservation)
        project(into: &observation)
        return outcome
    }

    /// Writes `[x, θ]` of the current ``state`` rounded to float32.
    public func observe(into observation: inout [Float]) {
        Checks.checkObservation(observation, dimension: 2, environment: name)
        let state = cartPole.state
        observation[0] = Float(state[0])
        observation[1] = Float(state[2])
    }

    /// Writes `[x, θ]` of the last full observation (no allocation, unlike ``observe(into:)``).
    private func project(into observation: inout [Float]) {
        Checks.checkObservation(observation, dimension: 2, environment: name)
        observation[0] = fullObservation[0]
        observation[1] = fullObservation[2]
    }
}

extension CartPoleNoVelocity: SnapshottingEnvironment {
    /// CartPole's snapshot under this environment's name.
    public var snapshot: EnvironmentSnapshot {
        var snapshot = cartPole.snapshot
        snapshot.name = name
        return snapshot
    }

    /// Continues from `snapshot`.
    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        try check(snapshot, stateCount: 4)
        var underlying = snapshot
        underlying.name = cartPole.name
        try cartPole.restore(underlying)
    }
}
