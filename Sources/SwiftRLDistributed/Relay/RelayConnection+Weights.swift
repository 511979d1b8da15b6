extension RelayConnection {
    /// Publishes `weights` as the trainer and returns once the relay has stored them (and begun
    /// broadcasting them).
    /// - Throws: ``RelayError/call(_:)`` when the relay refuses them (another role's token, a version
    ///   not newer than its latest) or cannot be reached.
    public func publish(_ weights: PolicyWeights) async throws(RelayError) {
        let message = weights.message
        _ = try await call { client in try await client.publishWeights(message, options: Self.callOptions) }
    }

    /// Hands `receive` each weights version the relay broadcasts: first its latest newer than
    /// `version` (any, when nil), then every newer one as the trainer publishes it, each checked
    /// (checksum, configuration, sizes) before it is handed over. Returns when `receive` returns
    /// false; throws when the call ends otherwise.
    /// - Parameter refused: told of each version that fails the checks (it is skipped).
    public func watchWeights(after version: UInt64?,
                             refused: @escaping @Sendable (UInt64, MessageError) -> Void = { _, _ in },
                             _ receive: @escaping @Sendable (PolicyWeights) async throws -> Bool) async throws {
        var request = Swiftrl_Distributed_V1_WatchWeightsRequest()
        if let version { request.afterVersion = version } else { request.fromStart = true }
        try await withClient { client in
            try await client.watchWeights(request, options: Self.callOptions) { response in
                for try await message in response.messages {
                    let weights: PolicyWeights
                    do throws(MessageError) {
                        weights = try PolicyWeights(message)
                    } catch {
                        refused(message.version, error)
                        continue
                    }
                    guard try await receive(weights) else { return }
                }
            }
        }
    }
}
