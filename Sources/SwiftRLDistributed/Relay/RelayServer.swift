import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import ServiceLifecycle
import Synchronization

/// The relay between rollout workers and a trainer (`swiftrl serve`): gRPC over HTTP/2 with TLS
/// (the certificate of `swiftrl certs`), bearer tokens per role, and a durable sample queue and
/// weights history in SQLite under the data directory.
///
/// ```swift
/// let relay = try RelayServer(.init(listen: RelayAddress(parsing: "0.0.0.0:7443"),
///                                   credentials: CredentialsDirectory(path: "creds"),
///                                   dataDirectory: URL(fileURLWithPath: "relay-data")))
/// try await relay.run()
/// ```
public final class RelayServer: Service, Sendable {
    /// How a relay is set up.
    public struct Configuration: Sendable {
        /// Where to listen (port 0: any free port, see ``RelayServer/listeningPort``).
        public var listen: RelayAddress
        /// The TLS identity and the role tokens' digests.
        public var credentials: CredentialsDirectory
        /// Serve without TLS; allowed on loopback only.
        public var insecure = false
        /// Where `relay.sqlite` lives.
        public var dataDirectory: URL
        /// Transitions queued and not yet taken beyond which workers are slowed down (never dropped).
        public var queueCapacity = 1_000_000
        /// Packets of one worker whose commits may be in flight at once (at least 1): the relay reads
        /// a worker's next packet while earlier ones wait for their transaction, so that a group commit
        /// holds several packets of each worker. Acknowledgements still go out in order, each once its
        /// packet is durable.
        public var commitsInFlight = 8
        /// Weights versions kept besides the latest: every this-many-th (TMRL's `model_history`).
        public var historyInterval: UInt64 = 10
        /// Where refusals and events are reported.
        public var log = RelayLog()
        /// Mutual TLS: refuse connections that present no client certificate issued by the
        /// credentials' CA (`swiftrl serve --mutual-tls`), besides checking tokens.
        public var requiresClientCertificates = false
        /// Where to serve the Prometheus metrics (`GET /metrics`, plain HTTP); nil: nowhere.
        public var metricsListen: RelayAddress?

        /// A configuration with the defaults above.
        public init(listen: RelayAddress, credentials: CredentialsDirectory, dataDirectory: URL, insecure: Bool = false) {
            self.listen = listen
            self.credentials = credentials
            self.dataDirectory = dataDirectory
            self.insecure = insecure
        }
    }

    private let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let transport: HTTP2ServerTransport.Posix
    private let broadcast: WeightsBroadcast
    private let serving = Mutex<Task<Void, any Error>?>(nil)
    private let metrics: (address: RelayAddress, values: RelayMetrics)?
    private let metricsEndpoint = Mutex<MetricsEndpoint?>(nil)
    let counters: RelayCounters
    /// How long ``shutdown()`` lets calls in flight finish before cancelling them.
    public static let shutdownGrace: Duration = .seconds(5)

    /// Opens the database and prepares the server (nothing listens until ``run()``).
    /// - Throws: ``RelayError`` for insecure non-loopback addresses, unreadable credentials or a
    ///   database that cannot be opened.
    public init(_ configuration: Configuration) throws(RelayError) {
        if configuration.insecure && !configuration.listen.isLoopback {
            throw .insecureNotLoopback(configuration.listen.description)
        }
        if configuration.insecure && configuration.requiresClientCertificates {
            throw .credentials(.invalid(path: configuration.credentials.url.path, reason: "mutual TLS needs TLS: drop --insecure"))
        }
        let credentials = configuration.credentials
        let verifier: TokenVerifier
        let security: HTTP2ServerTransport.Posix.TransportSecurity
        do {
            verifier = try credentials.tokenVerifier()
            if configuration.insecure {
                security = .plaintext
            } else {
                let identity = try TLSIdentity(certificate: credentials.serverCertificateURL, key: credentials.serverKeyURL,
                                               in: credentials)
                let clientCA = try configuration.requiresClientCertificates ? credentials.pem(credentials.caCertificateURL) : nil
                security = .tls(certificateChain: [.bytes(Array(identity.certificatePEM.utf8), format: .pem)],
                                privateKey: .bytes(Array(identity.privateKeyPEM.utf8), format: .pem)) { tls in
                    if let clientCA {
                        tls.clientCertificateVerification = .noHostnameVerification
                        tls.trustRoots = .certificates([.bytes(Array(clientCA.utf8), format: .pem)])
                    }
                }
            }
        } catch {
            throw .credentials(error)
        }
        let store: RelayStore
        let initial: RelayCounters.Values
        let latest: WeightsMessage?
        do {
            store = try RelayStore(directory: configuration.dataDirectory, historyInterval: configuration.historyInterval)
            let depth = try store.depthNow()
            initial = RelayCounters.Values(storedPosition: try store.lastPosition(), queued: depth, retained: depth)
            latest = try store.latestWeights().map { try WeightsMessage(serializedBytes: $0) }
        } catch {
            throw .storage("\(configuration.dataDirectory.path): \(error)")
        }
        counters = RelayCounters(initial)
        var transportConfiguration = HTTP2ServerTransport.Posix.Config.defaults
        transportConfiguration.rpc.maxRequestPayloadSize = PolicyWeights.messageLimit
        let log = configuration.log, refusalCounters = counters
        transportConfiguration.channelDebuggingCallbacks.onAcceptTCPConnection = { channel in
            TLSHandshakeRefusals.install(on: channel, log: log, counters: refusalCounters)
        }
        transport = HTTP2ServerTransport.Posix(address: configuration.listen.listeningAddress,
                                               transportSecurity: security, config: transportConfiguration)
        let broadcast = WeightsBroadcast(latest: latest), counters = counters
        self.broadcast = broadcast
        metrics = configuration.metricsListen.map { ($0, RelayMetrics(counters: counters, broadcast: broadcast)) }
        let service = RelayService(store: store, counters: counters, broadcast: broadcast,
                                   queueCapacity: configuration.queueCapacity,
                                   commitsInFlight: max(configuration.commitsInFlight, 1), log: configuration.log)
        server = GRPCServer(transport: transport, services: [service],
                            interceptors: [RoleAuthorization(verifier: verifier, counters: counters, log: configuration.log)])
    }

    /// Serves until ``shutdown()``, a graceful shutdown of the `ServiceGroup` it runs in (it is a
    /// swift-service-lifecycle `Service`), or the task's cancellation, with the metrics endpoint when
    /// one is configured.
    /// - Throws: ``RelayError/storage(_:)`` when the metrics address cannot be bound; what gRPC's
    ///   server throws.
    public func run() async throws {
        var endpoint: MetricsEndpoint?
        if let metrics { endpoint = try await MetricsEndpoint(address: metrics.address, metrics: metrics.values) }
        metricsEndpoint.withLock { $0 = endpoint }
        let task = Task { try await server.serve() }
        serving.withLock { $0 = task }
        let result = await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await task.result
            } onCancel: {
                task.cancel()
            }
        } onGracefulShutdown: {
            self.shutdown()
        }
        await endpoint?.close()
        try result.get()
    }

    /// The port the metrics endpoint listens on once ``run()`` has started it; nil without one.
    public var metricsPort: Int? {
        get async throws {
            guard metrics != nil else { return nil }
            while true {
                if let endpoint = metricsEndpoint.withLock({ $0 }) { return endpoint.port }
                try await Task.sleep(for: .milliseconds(1))
            }
        }
    }

    /// The port it listens on, once ``run()`` has started.
    public var listeningPort: Int {
        get async throws {
            let address = try await transport.listeningAddress
            guard let port = address.ipv4?.port ?? address.ipv6?.port else {
                throw RelayError.storage("the relay listens on no IP address")
            }
            return port
        }
    }

    /// Stops accepting calls, ends the weights streams, and ends ``run()`` once the calls in flight
    /// have finished, or after ``shutdownGrace`` by cancelling them: a packet whose commit is
    /// cancelled is not acknowledged, so its worker sends it again to the next relay.
    public func shutdown() {
        broadcast.close()
        server.beginGracefulShutdown()
        let task = serving.withLock { $0 }
        Task {
            try await Task.sleep(for: Self.shutdownGrace)
            task?.cancel()
        }
    }
}
