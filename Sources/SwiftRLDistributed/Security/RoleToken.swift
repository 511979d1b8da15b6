import Crypto
import Foundation
import SwiftRLCheckpoint

/// A bearer credential: 32 random bytes written as 64 lowercase hexadecimal digits. The relay keeps
/// only each token's SHA-256 (``TokenVerifier``).
public struct RoleToken: Sendable, Hashable {
    /// The token as it travels in the `authorization` metadata (`Bearer <text>`).
    public let text: String

    /// A fresh token from the system's cryptographic generator.
    public static func generate() -> RoleToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return RoleToken(validatedText: bytes.hexadecimal)
    }

    /// Reads a token written by `swiftrl certs`.
    /// - Throws: ``CredentialsError`` when the file is missing, unreadable or not a token.
    public init(contentsOf url: URL) throws(CredentialsError) {
        let text = try CredentialsError.readText(url, limit: 1_024).trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.isWellFormed(text) else {
            throw .invalid(path: url.path, reason: "not a token (64 hexadecimal digits)")
        }
        self.init(validatedText: text)
    }

    private init(validatedText: String) { text = validatedText }

    /// The SHA-256 of the token's text, as the relay stores it.
    public var digest: [UInt8] { Array(SHA256.hash(data: Data(text.utf8))) }

    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// Decides which role a presented token speaks for, from the SHA-256 of each role's token.
///
/// The presented token is hashed and the digests are compared in constant time, so neither the
/// stored tokens nor the comparison's timing reveal anything of them.
public struct TokenVerifier: Sendable {
    let digests: [Role: [UInt8]]

    /// A verifier for the given digests (``RoleToken/digest``).
    public init(digests: [Role: [UInt8]]) { self.digests = digests }

    /// The role of the `authorization` value `Bearer <token>`, or nil when it matches none.
    public func role(authorization: String?) -> Role? {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return nil }
        let presented = Array(SHA256.hash(data: Data(authorization.dropFirst(7).utf8)))
        var matched: Role?
        for role in Role.allCases {
            if let digest = digests[role], Self.constantTimeEqual(digest, presented) { matched = role }
        }
        return matched
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

extension Sequence<UInt8> {
    /// Lowercase hexadecimal digits, two per byte.
    var hexadecimal: String { map { String(format: "%02x", $0) }.joined() }
}
