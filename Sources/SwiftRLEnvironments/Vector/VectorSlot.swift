/// One environment of an ``EnvironmentVector`` with the arrays it steps through, so that stepping
/// allocates nothing.
struct VectorSlot<Base: Environment> {
    var environment: Base
    /// The environment's current action row, copied from the action matrix.
    var action: [Float]
    /// The environment's observation, copied to the result matrices.
    var observation: [Float]
    /// Steps since the last reset, counted in infinite-horizon mode only.
    var elapsedSteps = 0

    init(_ environment: Base) {
        self.environment = environment
        action = [Float](repeating: 0, count: environment.actionSpace.dimension)
        observation = [Float](repeating: 0, count: environment.observationSpace.dimension)
    }

    /// Resets the environment and writes its observation into row `row` of `buffers.observations`.
    mutating func reset(seed: UInt64?, row: Int, buffers: VectorStepBuffers) {
        environment.reset(seed: seed, observation: &observation)
        elapsedSteps = 0
        write(observation, to: buffers.observations, row: row)
    }

    /// Steps the environment with row `row` of `actions` and writes row `row` of `buffers`,
    /// resetting the environment when its episode ends.
    ///
    /// With a `horizon`, the environment's own flags are ignored: it never terminates and is
    /// truncated after exactly `horizon` steps.
    mutating func step(row: Int, actions: UnsafePointer<Float>, buffers: VectorStepBuffers, horizon: Int?) {
        action.withUnsafeMutableBufferPointer { action in
            let source = actions + row * action.count
            for column in action.indices { action[column] = source[column] }
        }
        var outcome = environment.step(action, observation: &observation)
        if let horizon {
            elapsedSteps += 1
            outcome.terminated = false
            outcome.truncated = elapsedSteps >= horizon
        }
        buffers.rewards[row] = outcome.reward
        buffers.terminated[row] = outcome.terminated
        buffers.truncated[row] = outcome.truncated
        if outcome.isDone {
            write(observation, to: buffers.finalObservations, row: row)
            environment.reset(seed: nil, observation: &observation)
            elapsedSteps = 0
        }
        write(observation, to: buffers.observations, row: row)
    }

    /// Copies `values` into row `row` of `matrix`, element by element: rows are too short to be worth
    /// a call to `memmove`.
    private func write(_ values: [Float], to matrix: UnsafeMutableBufferPointer<Float>, row: Int) {
        values.withUnsafeBufferPointer { values in
            let destination = matrix.baseAddress! + row * values.count
            for column in values.indices { destination[column] = values[column] }
        }
    }
}
