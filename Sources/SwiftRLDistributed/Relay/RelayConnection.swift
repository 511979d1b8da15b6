import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

/// How a worker, trainer or operator reaches the relay: its address, the CA to trust and the
/// role's bearer token.
public struct RelayConnection: Sendable {
    /// The relay's address.
    public var server: RelayAddress
    /// The CA certificate to trust (PEM); nil connects without TLS (loopback only).
    var trustedCertificatePEM: String?
    /// The role's token.
    var token: RoleToken
    /// The role's client certificate, presented when the credentials hold one (`ROLE.pem`, `ROLE.key`).
    var clientIdentity: TLSIdentity?

    /// Reads `ca.pem` and the role's token from a credentials directory (a copy of the one
    /// `swiftrl certs` wrote, holding at least those two files), and the role's client certificate
    /// and key when it holds them (for a relay that requires mutual TLS).
    /// - Throws: ``RelayError/credentials(_:)`` when a file is missing or malformed,
    ///   ``RelayError/insecureNotLoopback(_:)`` for `insecure` with another address.
    public init(server: RelayAddress, credentials: CredentialsDirectory, role: Role, insecure: Bool = false) throws(RelayError) {
        if insecure && !server.isLoopback { throw .insecureNotLoopback(server.description) }
        self.server = server
        do {
            trustedCertificatePEM = insecure ? nil : try credentials.pem(credentials.caCertificateURL)
            token = try RoleToken(contentsOf: credentials.tokenURL(role))
            let certificateURL = credentials.clientCertificateURL(role)
            if !insecure && FileManager.default.fileExists(atPath: certificateURL.path) {
                clientIdentity = try TLSIdentity(certificate: certificateURL, key: credentials.clientKeyURL(role), in: credentials)
            }
        } catch {
            throw .credentials(error)
        }
    }

    /// Runs `body` with a client of the relay, connected for the duration of the call.
    package func withClient<Result: Sendable>(
        _ body: (Swiftrl_Distributed_V1_Relay.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        let security: HTTP2ClientTransport.Posix.TransportSecurity
        if let trustedCertificatePEM {
            let clientIdentity = clientIdentity
            security = .tls { tls in
                tls.trustRoots = .certificates([.bytes(Array(trustedCertificatePEM.utf8), format: .pem)])
                if let clientIdentity {
                    tls.certificateChain = [.bytes(Array(clientIdentity.certificatePEM.utf8), format: .pem)]
                    tls.privateKey = .bytes(Array(clientIdentity.privateKeyPEM.utf8), format: .pem)
                }
            }
        } else {
            security = .plaintext
        }
        let transport = try HTTP2ClientTransport.Posix(target: server.target, transportSecurity: security)
        return try await withGRPCClient(transport: transport, interceptors: [BearerToken(token: token)]) { client in
            try await body(Swiftrl_Distributed_V1_Relay.Client(wrapping: client))
        }
    }

    /// Runs one call as ``withClient(_:)`` does, turning what it throws into ``RelayError/call(_:)``
    /// naming the relay.
    func call<Result: Sendable>(
        _ body: (Swiftrl_Distributed_V1_Relay.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws(RelayError) -> Result {
        do {
            return try await withClient(body)
        } catch let error as RPCError {
            throw .call("\(server): \(error.message) (\(error.code))")
        } catch {
            throw .call("\(server): \(error)")
        }
    }

    /// Call options that accept replies as large as the largest weights.
    package static var callOptions: CallOptions {
        var options = CallOptions.defaults
        options.maxResponseMessageBytes = PolicyWeights.messageLimit
        options.maxRequestMessageBytes = PolicyWeights.messageLimit
        return options
    }
}

/// Adds `authorization: Bearer <token>` to every call.
private struct BearerToken: ClientInterceptor {
    let token: RoleToken

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>, context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        var request = request
        request.metadata.addString("Bearer \(token.text)", forKey: "authorization")
        return try await next(request, context)
    }
}
