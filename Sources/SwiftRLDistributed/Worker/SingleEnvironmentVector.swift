import SwiftRLEnvironments

/// A worker's one environment as a ``SwiftRLEnvironments/VectorEnvironment`` of one, with Gymnasium's
/// `SAME_STEP` autoreset, its episodes truncated after `maximumEpisodeSteps` steps when given (TMRL's
/// `max_samples_per_episode`): what a PPO worker's collector steps.
final class SingleEnvironmentVector: VectorEnvironment, @unchecked Sendable {
    let name: String
    let environmentCount = 1
    let observationSpace: BoxSpace
    let actionSpace: ActionSpace
    let buffers: VectorStepBuffers
    private var environment: any Environment
    private let maximumEpisodeSteps: Int?
    private var episodeSteps = 0
    private var observation: [Float]
    private var action: [Float]

    init(_ environment: any Environment, maximumEpisodeSteps: Int?) {
        self.environment = environment
        self.maximumEpisodeSteps = maximumEpisodeSteps
        name = environment.name
        observationSpace = environment.observationSpace
        actionSpace = environment.actionSpace
        buffers = VectorStepBuffers(environmentCount: 1, observationDimension: observationSpace.dimension)
        observation = .init(repeating: 0, count: observationSpace.dimension)
        action = .init(repeating: 0, count: actionSpace.dimension)
    }

    func reset(seed: UInt64?) {
        environment.reset(seed: seed, observation: &observation)
        episodeSteps = 0
        buffers.rewards[0] = 0
        buffers.terminated[0] = false
        buffers.truncated[0] = false
        publishObservation()
    }

    func step(actions: UnsafePointer<Float>) {
        for index in action.indices { action[index] = actions[index] }
        let outcome = environment.step(action, observation: &observation)
        episodeSteps += 1
        buffers.rewards[0] = outcome.reward
        buffers.terminated[0] = outcome.terminated
        buffers.truncated[0] = outcome.truncated || maximumEpisodeSteps.map { episodeSteps >= $0 } ?? false
        if buffers.terminated[0] || buffers.truncated[0] {
            for index in observation.indices { buffers.finalObservations[index] = observation[index] }
            environment.reset(seed: nil, observation: &observation)
            episodeSteps = 0
        }
        publishObservation()
    }

    private func publishObservation() {
        for index in observation.indices { buffers.observations[index] = observation[index] }
    }
}
