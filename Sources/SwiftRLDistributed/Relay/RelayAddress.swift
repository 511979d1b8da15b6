import GRPCNIOTransportHTTP2

/// A relay's `HOST:PORT` (`[v6]:PORT` for an IPv6 address).
public struct RelayAddress: Sendable, Hashable, CustomStringConvertible {
    /// A host name or an IP address.
    public var host: String
    /// The TCP port (0 when listening: any free port).
    public var port: Int

    /// Parses `HOST:PORT`.
    /// - Throws: ``RelayError/invalidAddress(_:)``.
    public init(parsing text: String) throws(RelayError) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65_535).contains(port) else { throw .invalidAddress(text) }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw .invalidAddress(text) }
        self.host = host
        self.port = port
    }

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Whether the host is a loopback address or `localhost`.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || (ipAddressBytes(host).map { $0.count == 4 && $0[0] == 127 } ?? false)
    }

    /// The address to listen on (`localhost` listens on 127.0.0.1).
    var listeningAddress: GRPCNIOTransportCore.SocketAddress {
        if host == "localhost" { return .ipv4(host: "127.0.0.1", port: port) }
        if let bytes = ipAddressBytes(host), bytes.count == 16 { return .ipv6(host: host, port: port) }
        return .ipv4(host: host, port: port)
    }

    /// The target to connect to: an IP address as it is, a name through DNS (with the TLS
    /// certificate checked against the name).
    var target: any ResolvableTarget {
        guard let bytes = ipAddressBytes(host) else { return .dns(host: host, port: port) }
        return bytes.count == 4 ? .ipv4(host: host, port: port) : .ipv6(host: host, port: port)
    }
}
