/// A relay's counters since it started, as `swiftrl status` prints them.
public struct RelayStatus: Sendable, Equatable {
    /// Workers with an open sample stream.
    public var workersConnected: Int
    /// Transitions stored.
    public var samplesIn: Int
    /// Transitions handed to the trainer.
    public var samplesOut: Int
    /// Transitions stored and not yet taken.
    public var queueDepth: Int
    /// Transitions kept until the trainer's checkpoint holds them.
    public var retained: Int
    /// The latest weights version (0 when none or the initial one).
    public var weightsVersion: UInt64
    /// Calls and packets refused.
    public var refusals: Int
    /// Packets received again after being stored (acknowledged, not stored twice).
    public var duplicates: Int

    /// Asks the relay (with an admin token).
    /// - Throws: ``RelayError/call(_:)`` when the relay refuses or cannot be reached.
    public static func read(from connection: RelayConnection) async throws(RelayError) -> RelayStatus {
        do {
            let reply = try await connection.withClient { client in
                var options = RelayConnection.callOptions
                options.timeout = .seconds(10)
                return try await client.status(Swiftrl_Distributed_V1_StatusRequest(), options: options)
            }
            return RelayStatus(workersConnected: Int(reply.workersConnected), samplesIn: Int(reply.samplesIn),
                               samplesOut: Int(reply.samplesOut), queueDepth: Int(reply.queueDepth),
                               retained: Int(reply.retained), weightsVersion: reply.weightsVersion,
                               refusals: Int(reply.refusals), duplicates: Int(reply.duplicates))
        } catch {
            throw .call("status: \(error)")
        }
    }
}
