// Snapshots of the built-in environments and of `TimeLimit`.

extension Pendulum: SnapshottingEnvironment {
    /// The angle, angular velocity and generator.
    public var snapshot: EnvironmentSnapshot {
        EnvironmentSnapshot(name: name, state: state, generator: generator)
    }

    /// Continues from `snapshot`.
    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        try check(snapshot, stateCount: 2)
        state = snapshot.state
        generator = snapshot.generator
    }
}

extension MountainCarContinuous: SnapshottingEnvironment {
    /// The position, velocity, their precision (`state_is_float32`: 0 or 1) and generator.
    public var snapshot: EnvironmentSnapshot {
        EnvironmentSnapshot(name: name, state: state, generator: generator,
                            extras: ["state_is_float32": stateIsFloat32 ? 1 : 0])
    }

    /// Continues from `snapshot`.
    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        try check(snapshot, stateCount: 2)
        state = snapshot.state
        stateIsFloat32 = snapshot.extras["state_is_float32"] == 1
        generator = snapshot.generator
    }
}

extension CartPole: SnapshottingEnvironment {
    /// The cart and pole state, `steps_beyond_terminated` (absent when nil) and generator.
    public var snapshot: EnvironmentSnapshot {
        EnvironmentSnapshot(name: name, state: state, generator: generator,
                            extras: stepsBeyondTerminated.map { ["steps_beyond_terminated": $0] } ?? [:])
    }

    /// Continues from `snapshot`.
    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        try check(snapshot, stateCount: 4)
        state = snapshot.state
        stepsBeyondTerminated = snapshot.extras["steps_beyond_terminated"]
        generator = snapshot.generator
    }
}

extension Acrobot: SnapshottingEnvironment {
    /// The joint angles and velocities and generator.
    public var snapshot: EnvironmentSnapshot {
        EnvironmentSnapshot(name: name, state: state, generator: generator)
    }

    /// Continues from `snapshot`.
    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        try check(snapshot, stateCount: 4)
        state = snapshot.state
        generator = snapshot.generator
    }
}

extension MountainCar: SnapshottingEnvironment {
    /// The position, velocity and generator.
    public var snapshot: EnvironmentSnapshot {
        EnvironmentSnapshot(name: name, state: state, generator: generator)
    }

    /// Continues from `snapshot`.
    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        try check(snapshot, stateCount: 2)
        state = snapshot.state
        generator = snapshot.generator
    }
}

extension TimeLimit: SnapshottingEnvironment where Base: SnapshottingEnvironment {
    /// The base environment's snapshot with the episode's step count.
    public var snapshot: EnvironmentSnapshot {
        var snapshot = base.snapshot
        snapshot.elapsedSteps = elapsedSteps
        return snapshot
    }

    /// Continues from `snapshot`, which must carry a step count.
    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws(EnvironmentError) {
        guard let elapsed = snapshot.elapsedSteps, elapsed >= 0 else {
            throw .snapshotMismatch(environment: name, reason: "the snapshot has no time-limit step count")
        }
        try base.restore(snapshot)
        elapsedSteps = elapsed
    }
}
