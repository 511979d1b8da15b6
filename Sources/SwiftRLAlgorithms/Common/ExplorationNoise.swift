import SwiftRLCore

/// The kind of noise added to a deterministic policy's actions while exploring.
public enum ExplorationNoiseKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Independent Gaussian noise at every step.
    case gaussian
    /// Ornstein–Uhlenbeck noise (Uhlenbeck & Ornstein, 1930; used by DDPG, Lillicrap et al., 2016):
    /// temporally correlated, so it pushes in one direction for many steps, which tasks such as
    /// MountainCarContinuous need to find their reward.
    case ornsteinUhlenbeck = "ornstein_uhlenbeck"
}

/// Exploration noise of one kind and scale, with the state Ornstein–Uhlenbeck noise carries from
/// step to step (reset at the end of each episode).
///
/// Ornstein–Uhlenbeck follows `x ← x − θ·x·dt + σ·√dt·N(0, 1)` with `dt` = 0.01, as Stable-Baselines3
/// does; its stationary standard deviation is `σ·√(dt / 2θ)`.
struct ExplorationNoise: Sendable {
    let kind: ExplorationNoiseKind
    let scale: Float
    let theta: Float
    var state: [Float]
    private static let timeStep: Float = 0.01

    init(kind: ExplorationNoiseKind, scale: Float, theta: Float, dimension: Int) {
        self.kind = kind
        self.scale = scale
        self.theta = theta
        state = [Float](repeating: 0, count: dimension)
    }

    /// The next noise value for action dimension `index`.
    mutating func sample(_ index: Int, generator: inout RandomGenerator) -> Float {
        switch kind {
        case .gaussian:
            return scale * generator.normal()
        case .ornsteinUhlenbeck:
            let dt = Self.timeStep
            state[index] += -theta * state[index] * dt + scale * dt.squareRoot() * generator.normal()
            return state[index]
        }
    }

    /// Forgets the correlated state (at the end of an episode).
    mutating func reset() {
        for index in state.indices { state[index] = 0 }
    }
}
