import SwiftRLEnvironments

/// An environment whose physical state can be assigned and observed, so a recorded trajectory can
/// be replayed from its recorded initial state.
protocol ReplayableEnvironment: Environment {
    var state: [Double] { get set }
    func observe(into observation: inout [Float])
}

extension Pendulum: ReplayableEnvironment {}
extension MountainCarContinuous: ReplayableEnvironment {}
extension CartPole: ReplayableEnvironment {}
extension CartPoleNoVelocity: ReplayableEnvironment {}
extension Acrobot: ReplayableEnvironment {}
extension MountainCar: ReplayableEnvironment {}

/// A new environment of the concrete type registered as `name`.
func replayable(_ name: String) -> any ReplayableEnvironment {
    switch name {
    case "Pendulum-v1": Pendulum(seed: 0)
    case "MountainCarContinuous-v0": MountainCarContinuous(seed: 0)
    case "CartPole-v1": CartPole(seed: 0)
    case "CartPoleNoVelocity-v1": CartPoleNoVelocity(seed: 0)
    case "Acrobot-v1": Acrobot(seed: 0)
    case "MountainCar-v0": MountainCar(seed: 0)
    default: fatalError("no replayable environment named \(name)")
    }
}
