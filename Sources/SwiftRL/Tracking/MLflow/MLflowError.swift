import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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

    /// The error behind a failed transfer, worded for a warning line.
    init(transportError error: any Error, timeout: TimeInterval) {
        guard let error = error as? URLError else {
            self = .unreachable(reason: "\(error)")
            return
        }
        switch error.code {
        case .timedOut: self = .unreachable(reason: "no answer within \(Int(timeout)) s")
        case .cannotConnectToHost, .networkConnectionLost: self = .unreachable(reason: "cannot connect")
        case .cannotFindHost, .dnsLookupFailed: self = .unreachable(reason: "unknown host")
        default: self = .unreachable(reason: error.localizedDescription)
        }
    }
}
