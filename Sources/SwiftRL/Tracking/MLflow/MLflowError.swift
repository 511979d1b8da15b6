import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// A request to an MLflow tracking server that did not succeed.
enum MLflowError: Error, CustomStringConvertible, Equatable {
    /// No answer: the server is down, refuses connections, or did not answer in time.
    case unreachable(reason: String)
    /// The server answered with an HTTP error, such as `404 RESOURCE_DOES_NOT_EXIST: …`.
    case rejected(status: Int, code: String, message: String)
    /// The server answered something that is not what MLflow's API answers.
    case unexpectedResponse(String)

    var description: String {
        switch self {
        case .unreachable(let reason): reason
        case .rejected(let status, let code, let message): "HTTP \(status) \(code): \(message.prefix(200))"
        case .unexpectedResponse(let what): "unexpected answer: \(what)"
        }
    }

    /// The error behind a failed AsyncHTTPClient request, worded for a warning line.
    init(transportError error: any Error, timeout: TimeInterval) {
        switch error {
        case let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error):
            self = .unreachable(reason: "no answer within \(Int(timeout)) s")
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            self = .unreachable(reason: "the connection was closed")
        case let error as IOError where error.errnoCode == ECONNREFUSED:  // a server given by its address
            self = .unreachable(reason: "cannot connect")
        case let error as IOError:
            self = .unreachable(reason: "connection error: \(String(cString: strerror(error.errnoCode)))")
        case let error as NIOConnectionError where error.connectionErrors.isEmpty:  // by its name
            self = .unreachable(reason: "unknown host")
        case is NIOConnectionError:
            self = .unreachable(reason: "cannot connect")
        case is ResponseAccumulator.ResponseTooBigError:
            self = .unexpectedResponse("an answer of more than \(MLflowClient.responseLimit) bytes")
        default:
            self = .unreachable(reason: "\(error)")
        }
    }
}
