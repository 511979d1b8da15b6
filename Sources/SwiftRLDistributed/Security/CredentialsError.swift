import Foundation
import SwiftRLCheckpoint

/// Why credentials could not be written or read.
public enum CredentialsError: Error, CustomStringConvertible, Equatable {
    /// A credentials file is missing or unreadable.
    case unreadable(path: String, reason: String)
    /// A credentials file holds something else than it should.
    case invalid(path: String, reason: String)
    /// The credentials could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .invalid(let path, let reason): "invalid credentials file \(path): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write credentials to \(path): \(reason)"
        }
    }

    /// The UTF-8 text of a credentials file of at most `limit` bytes.
    static func readText(_ url: URL, limit: Int) throws(CredentialsError) -> String {
        do {
            return try LimitedFile.readText(url, limit: limit)
        } catch {
            throw .unreadable(path: url.path, reason: error.description)
        }
    }
}
