/// The contents of a ``ReplayBuffer``.
public struct ReplayBufferSnapshot: Sendable, Hashable {
    /// Most transitions held.
    public var capacity: Int
    /// Transitions held.
    public var count: Int
    /// Where the next transition goes.
    public var position: Int
    /// `capacity × observationDimension` observations.
    public var observations: [Float]
    /// `capacity × actionDimension` normalized actions.
    public var actions: [Float]
    /// `capacity` rewards.
    public var rewards: [Float]
    /// `capacity × observationDimension` next observations.
    public var nextObservations: [Float]
    /// `capacity` terminal flags.
    public var terminals: [Float]

    /// Creates a snapshot.
    public init(capacity: Int, count: Int, position: Int, observations: [Float], actions: [Float], rewards: [Float],
                nextObservations: [Float], terminals: [Float]) {
        self.capacity = capacity
        self.count = count
        self.position = position
        self.observations = observations
        self.actions = actions
        self.rewards = rewards
        self.nextObservations = nextObservations
        self.terminals = terminals
    }
}

extension ReplayBuffer {
    /// The buffer's contents.
    public var snapshot: ReplayBufferSnapshot {
        ReplayBufferSnapshot(capacity: capacity, count: count, position: position, observations: observations,
                             actions: actions, rewards: rewards, nextObservations: nextObservations, terminals: terminals)
    }

    /// Replaces the contents with `snapshot`'s; nothing changes when it throws.
    /// - Throws: ``SnapshotError`` when the capacity or a length differs from this buffer's.
    public mutating func restore(_ snapshot: ReplayBufferSnapshot) throws(SnapshotError) {
        guard snapshot.capacity == capacity else {
            throw .invalidValue(name: "replay.capacity", reason: "is \(snapshot.capacity), the configuration's is \(capacity)")
        }
        guard (0...capacity).contains(snapshot.count), (0..<capacity).contains(snapshot.position) else {
            throw .invalidValue(name: "replay.count", reason: "or replay.position is out of range")
        }
        try SnapshotError.requireCount(snapshot.observations, capacity * observationDimension, "replay.observations")
        try SnapshotError.requireCount(snapshot.actions, capacity * actionDimension, "replay.actions")
        try SnapshotError.requireCount(snapshot.rewards, capacity, "replay.rewards")
        try SnapshotError.requireCount(snapshot.nextObservations, capacity * observationDimension, "replay.next_observations")
        try SnapshotError.requireCount(snapshot.terminals, capacity, "replay.terminals")
        count = snapshot.count
        position = snapshot.position
        observations = snapshot.observations
        actions = snapshot.actions
        rewards = snapshot.rewards
        nextObservations = snapshot.nextObservations
        terminals = snapshot.terminals
    }
}
