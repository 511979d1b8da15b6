import Foundation

/// One HTTP/1.1 exchange over a plain TCP connection (`http://` URLs), with POSIX sockets and
/// `poll`, for MLflow on Linux.
///
/// Why not `URLSession` there: Foundation's `URLSession` on Linux (swift-corelibs-foundation, Swift
/// 6.3) keeps the socket registered for writing while it waits for an answer, so two dispatch
/// threads at raised priority wake some 2,000 times a second until the answer comes or the request
/// times out (`strace`: `epoll_wait` returning `EPOLLOUT` again and again). With an MLflow server that
/// answers slowly, that took 88 % more training time on a 2-core machine (BENCHMARKS.md). Here the
/// waiting thread sleeps in `poll` until the socket is ready or the deadline passes.
///
/// Each exchange opens a connection, sends `Connection: close`, reads the answer to the end (at
/// most ``responseLimit`` bytes) and understands `Content-Length` and chunked bodies.
enum PlainHTTP {
    /// The largest answer read (4 MiB; MLflow's answers to SwiftRL's requests are small).
    static let responseLimit = 4 << 20

    /// An answer: the status code and the body.
    struct Response: Sendable, Hashable {
        var status: Int
        var body: Data
    }

    /// Sends one request to `url` (scheme `http`) and returns the answer, all within `timeout` seconds.
    /// - Throws: ``MLflowError/unreachable(reason:)`` when no connection can be made or the deadline
    ///   passes, ``MLflowError/unexpectedResponse(_:)`` for an answer that is not HTTP or too large.
    static func exchange(_ method: String, _ url: URL, body: Data?, contentType: String?,
                         timeout: TimeInterval) throws(MLflowError) -> Response {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false), let host = components.host else {
            throw .unexpectedResponse("no host in \(url.absoluteString)")
        }
        let port = components.port ?? 80
        let deadline = Date(timeIntervalSinceNow: timeout)
        let socket = try connect(host: host, port: port, deadline: deadline, timeout: timeout)
        defer { close(socket) }
        let target = (components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath)
            + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
            + "Accept: application/json\r\nContent-Length: \(body?.count ?? 0)\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        try write(Data((head + "\r\n").utf8) + (body ?? Data()), to: socket, deadline: deadline, timeout: timeout)
        return try parse(read(socket, deadline: deadline, timeout: timeout))
    }

    private static func connect(host: String, port: Int, deadline: Date, timeout: TimeInterval) throws(MLflowError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, "\(port)", &hints, &list) == 0, let first = list else {
            throw .unreachable(reason: "unknown host")
        }
        defer { freeaddrinfo(list) }
        var reason = "cannot connect"
        for address in sequence(first: first, next: { $0.pointee.ai_next }) {
            let info = address.pointee
            let socket = Foundation.socket(info.ai_family, info.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.ai_protocol)
            guard socket >= 0 else { continue }
            _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
            if Foundation.connect(socket, info.ai_addr, info.ai_addrlen) == 0 { return socket }
            if errno == EINPROGRESS {
                if try wait(socket, for: Int16(POLLOUT), deadline: deadline, timeout: timeout, closingOnTimeout: true) {
                    var error: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    if getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0 { return socket }
                    if error != ECONNREFUSED { reason = "cannot connect: \(String(cString: strerror(error)))" }
                }
            }
            close(socket)
        }
        throw .unreachable(reason: reason)
    }

    /// Waits until `socket` is ready for `events`; throws when the deadline passes (closing the
    /// socket first when asked), returns false when the socket reports an error.
    private static func wait(_ socket: Int32, for events: Int16, deadline: Date, timeout: TimeInterval,
                             closingOnTimeout: Bool = false) throws(MLflowError) -> Bool {
        while true {
            let milliseconds = Int32(max(0, min(deadline.timeIntervalSinceNow * 1000, 60_000)).rounded(.up))
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return descriptor.revents & events != 0 || descriptor.revents & Int16(POLLHUP) != 0 }
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 && deadline.timeIntervalSinceNow > 0 { continue }
            if closingOnTimeout { close(socket) }
            throw .unreachable(reason: "no answer within \(Int(timeout)) s")
        }
    }

    private static func write(_ data: Data, to socket: Int32, deadline: Date, timeout: TimeInterval) throws(MLflowError) {
        var offset = 0
        while offset < data.count {
            guard try wait(socket, for: Int16(POLLOUT), deadline: deadline, timeout: timeout) else {
                throw .unreachable(reason: "the connection was closed")
            }
            let sent = data.withUnsafeBytes { send(socket, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard sent > 0 else { throw .unreachable(reason: "the connection was closed: \(String(cString: strerror(errno)))") }
            offset += sent
        }
    }

    private static func read(_ socket: Int32, deadline: Date, timeout: TimeInterval) throws(MLflowError) -> Data {
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            _ = try wait(socket, for: Int16(POLLIN), deadline: deadline, timeout: timeout)
            let count = recv(socket, &buffer, buffer.count, 0)
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard count >= 0 else { throw .unreachable(reason: "the connection was reset: \(String(cString: strerror(errno)))") }
            if count == 0 { return answer }
            answer.append(contentsOf: buffer[..<count])
            guard answer.count <= responseLimit else { throw .unexpectedResponse("an answer of more than \(responseLimit) bytes") }
        }
    }

    /// The status and body of a complete HTTP/1.x answer.
    static func parse(_ answer: Data) throws(MLflowError) -> Response {
        guard !answer.isEmpty else { throw .unreachable(reason: "the connection closed without an answer") }
        let separator = Data("\r\n\r\n".utf8)
        guard let end = answer.range(of: separator) else { throw .unexpectedResponse("an answer without HTTP headers") }
        let lines = String(decoding: answer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]),
              (100...599).contains(status) else {
            throw .unexpectedResponse("an answer that is not HTTP/1.x ('\(lines[0].prefix(40))')")
        }
        var headers = [String: String]()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let rest = Data(answer[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            return Response(status: status, body: try dechunked(rest))
        }
        if let text = headers["content-length"] {
            guard let length = Int(text), length >= 0, length <= rest.count else {
                throw .unexpectedResponse("an answer shorter than its Content-Length")
            }
            return Response(status: status, body: rest.prefix(length))
        }
        return Response(status: status, body: rest)
    }

    private static func dechunked(_ data: Data) throws(MLflowError) -> Data {
        var body = Data()
        var position = data.startIndex
        let lineEnd = Data("\r\n".utf8)
        while true {
            guard let end = data.range(of: lineEnd, in: position..<data.endIndex),
                  let size = Int(String(decoding: data[position..<end.lowerBound], as: UTF8.self)
                      .split(separator: ";").first?.trimmingCharacters(in: .whitespaces) ?? "", radix: 16),
                  size >= 0, data.distance(from: end.upperBound, to: data.endIndex) >= size else {
                throw .unexpectedResponse("a malformed chunked answer")
            }
            if size == 0 { return body }
            let start = end.upperBound
            body.append(data[start..<data.index(start, offsetBy: size)])
            position = data.index(start, offsetBy: size)
            if data[position...].starts(with: lineEnd) { position = data.index(position, offsetBy: 2) }
        }
    }
}
