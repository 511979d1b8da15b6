/// A version of the acting policy, as a learner publishes it to collectors: the actor's parameters,
/// the distribution's free parameters and the observation normalization.
public struct PolicyParameters: Sendable, Hashable, Codable {
    /// Increases by one with every update.
    public var version: Int
    /// The actor network's flat parameters.
    public var actor: [Float]
    /// The distribution's state-independent parameters.
    public var free: [Float]
    /// The observation normalization in force (nil when observations are not normalized).
    public var normalization: ObservationNormalization?
    /// The actor's recurrent layer's flat parameters (empty for a feed-forward actor).
    public var memory: [Float]

    /// Creates parameters.
    public init(version: Int, actor: [Float], free: [Float], normalization: ObservationNormalization?,
                memory: [Float] = []) {
        self.version = version
        self.actor = actor
        self.free = free
        self.normalization = normalization
        self.memory = memory
    }
}
