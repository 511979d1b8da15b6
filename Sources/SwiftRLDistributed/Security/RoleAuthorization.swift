import GRPCCore

/// Lets a call through only with a bearer token whose role may call the method; every other call
/// is refused (`unauthenticated` or `permissionDenied`), logged with the peer's address and counted.
struct RoleAuthorization: ServerInterceptor {
    let verifier: TokenVerifier
    let counters: RelayCounters
    let log: RelayLog

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = context.descriptor.method
        var authorizations = request.metadata[stringValues: "authorization"].makeIterator()
        guard let role = verifier.role(authorization: authorizations.next()) else {
            return refuse(context, .unauthenticated, "\(method) without a valid token")
        }
        guard role.allowedMethods.contains(method) else {
            return refuse(context, .permissionDenied, "\(method) with a \(role.rawValue) token, which may not call it")
        }
        return try await next(request, context)
    }

    private func refuse<Output>(_ context: ServerContext, _ code: RPCError.Code, _ reason: String) -> StreamingServerResponse<Output> {
        counters.update { $0.refusals += 1 }
        log.refusal(peer: context.remotePeer, reason)
        return StreamingServerResponse(error: RPCError(code: code, message: reason))
    }
}
