import NIOCore
import NIOSSL

/// Logs and counts the connections the relay's TLS layer refuses during the handshake (a plaintext
/// client, a certificate from another CA, no client certificate under mutual TLS), with the peer's
/// address in the form gRPC names peers (`ipv4:10.0.0.7:51234`). It sits right after the TLS handler
/// of each accepted connection and passes every error on unchanged.
final class TLSHandshakeRefusals: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let log: RelayLog
    private let counters: RelayCounters
    private var reported = false

    init(log: RelayLog, counters: RelayCounters) {
        self.log = log
        self.counters = counters
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !reported, case NIOSSLError.handshakeFailed(let reason) = error {
            reported = true
            counters.update { $0.refusals += 1 }
            log.refusal(peer: Self.peer(context.remoteAddress), "the TLS handshake failed: \(reason)")
        }
        context.fireErrorCaught(error)
    }

    /// Installs a logger after the TLS handler of an accepted connection (none without TLS).
    static func install(on channel: any Channel, log: RelayLog, counters: RelayCounters) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            guard let tls = try? pipeline.handler(type: NIOSSLServerHandler.self) else { return }
            try pipeline.addHandler(TLSHandshakeRefusals(log: log, counters: counters), position: .after(tls))
        }
    }

    private static func peer(_ address: SocketAddress?) -> String {
        switch address {
        case .v4(let v4)?: "ipv4:\(v4.host):\(address?.port ?? 0)"
        case .v6(let v6)?: "ipv6:[\(v6.host)]:\(address?.port ?? 0)"
        case .unixDomainSocket?: "unix:\(address?.pathname ?? "")"
        case nil: "an unknown peer"
        }
    }
}
