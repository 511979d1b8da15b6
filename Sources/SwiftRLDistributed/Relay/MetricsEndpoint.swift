import NIOCore
import NIOHTTP1
import NIOPosix

/// The relay's Prometheus endpoint (`swiftrl serve --metrics-listen`): plain HTTP/1.1 on SwiftNIO,
/// answering `GET /metrics` with ``RelayMetrics`` and every other request with 404 or 405. It shows
/// counts only; bind it to loopback or a private network, as Prometheus exporters usually are.
final class MetricsEndpoint: Sendable {
    private let channel: any Channel

    /// Listens on `address`.
    /// - Throws: ``RelayError/storage(_:)`` naming the address when it cannot be bound.
    init(address: RelayAddress, metrics: RelayMetrics) async throws(RelayError) {
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(MetricsHandler(metrics: metrics))
                    }
                }
                .bind(host: address.host, port: address.port).get()
        } catch {
            throw .storage("cannot serve metrics on \(address): \(error)")
        }
    }

    /// The port it listens on.
    var port: Int { channel.localAddress?.port ?? 0 }

    /// Stops listening.
    func close() async {
        try? await channel.close()
    }
}

/// Answers each request of one connection.
private final class MetricsHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: RelayMetrics
    private var head: HTTPRequestHead?

    init(metrics: RelayMetrics) { self.metrics = metrics }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let status: HTTPResponseStatus, body: [UInt8], type: String
        if head.method != .GET && head.method != .HEAD {
            (status, body, type) = (.methodNotAllowed, Array("only GET\n".utf8), "text/plain; charset=utf-8")
        } else if path != "/metrics" {
            (status, body, type) = (.notFound, Array("the metrics are at /metrics\n".utf8), "text/plain; charset=utf-8")
        } else {
            (status, body, type) = (.ok, metrics.exposition(), "text/plain; version=0.0.4; charset=utf-8")
        }
        var headers = HTTPHeaders([("content-type", type), ("content-length", "\(body.count)")])
        if !head.isKeepAlive { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
                      promise: nil)
        if head.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
