import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking  // for `Data(contentsOf:)` with an http:// URL, the readiness check
#endif

/// A server process for the tracking tests, in a process group of its own so that stopping it
/// stops its workers too.
final class LocalServer {
    /// `http://127.0.0.1:PORT`.
    let url: String
    private let process: TestProcess.Started

    /// Starts `arguments` (a program and its arguments; `{port}` is replaced by a free port) in
    /// `directory`, and waits up to `timeout` seconds until `readyPath` answers.
    init(_ arguments: [String], in directory: URL, readyPath: String = "/health", timeout: TimeInterval = 60) throws {
        let port = try Self.freePort()
        url = "http://127.0.0.1:\(port)"
        // Foundation's Process may already have made it a session leader; then setsid is refused.
        let launcher = "import os, sys\ntry:\n    os.setsid()\nexcept PermissionError:\n    pass\nos.execvp(sys.argv[1], sys.argv[1:])"
        process = try TestProcess.start(TestPython.executable,
                                        ["-c", launcher] + arguments.map { $0.replacingOccurrences(of: "{port}", with: "\(port)") },
                                        in: directory)
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            if !process.process.isRunning { break }
            if (try? Data(contentsOf: URL(string: url + readyPath)!)) != nil { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        stop()
        throw TestProcess.Failure(message: "\(arguments.first ?? "server") did not start: \((try? process.result().standardError) ?? "")")
    }

    deinit { stop() }

    /// Kills the server and its process group.
    func stop() {
        if process.process.isRunning { kill(-process.process.processIdentifier, SIGKILL) }
        process.process.waitUntilExit()
    }

    /// A TCP port on the loopback interface that nothing listens on now.
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw TestProcess.Failure(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
