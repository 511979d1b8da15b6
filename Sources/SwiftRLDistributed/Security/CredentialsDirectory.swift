import Foundation
import SwiftRL

/// The files of a relay's credentials, as `swiftrl certs --output DIR` writes them:
///
/// | file | for | mode |
/// |---|---|---|
/// | `ca.pem` | everyone: the certificate authority to trust | 0644 |
/// | `ca.key` | issuing more certificates later | 0600 |
/// | `server.pem`, `server.key` | the relay's TLS identity | 0644, 0600 |
/// | `tokens.json` | the relay: the SHA-256 of each role's token | 0600 |
/// | `worker.token`, `trainer.token`, `admin.token` | each role's bearer token | 0600 |
/// | `worker.pem`, `worker.key`, … | each role's client certificate, for mutual TLS | 0644, 0600 |
///
/// Copy `ca.pem` and the role's token to each machine of that role (and its certificate and key
/// for a relay that requires them); the relay needs `server.pem`, `server.key` and `tokens.json`
/// only, so it never holds a token itself.
public struct CredentialsDirectory: Sendable {
    /// The directory.
    public let url: URL

    /// Opens an existing directory (its files are read when needed).
    public init(path: String) { url = URL(fileURLWithPath: path) }

    var caCertificateURL: URL { url.appendingPathComponent("ca.pem") }
    var serverCertificateURL: URL { url.appendingPathComponent("server.pem") }
    var serverKeyURL: URL { url.appendingPathComponent("server.key") }
    var tokenDigestsURL: URL { url.appendingPathComponent("tokens.json") }
    func tokenURL(_ role: Role) -> URL { url.appendingPathComponent(role.tokenFileName) }
    func clientCertificateURL(_ role: Role) -> URL { url.appendingPathComponent("\(role.rawValue).pem") }
    func clientKeyURL(_ role: Role) -> URL { url.appendingPathComponent("\(role.rawValue).key") }

    /// Writes a new CA, a server certificate for `hosts` and a token per role into a new directory.
    /// - Throws: ``CredentialsError/cannotWrite(path:reason:)`` when the directory exists or a file
    ///   cannot be written.
    @discardableResult
    public static func create(at path: String, hosts: [String]) throws(CredentialsError) -> CredentialsDirectory {
        let directory = CredentialsDirectory(path: path)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw .cannotWrite(path: path, reason: "it already exists (credentials are never overwritten)")
        }
        let authority: CertificateAuthority
        do {
            authority = try CertificateAuthority.issue(hosts: hosts)
        } catch {
            throw .cannotWrite(path: path, reason: "cannot issue the certificates: \(error)")
        }
        let tokens = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, RoleToken.generate()) })
        let digests = Dictionary(uniqueKeysWithValues: tokens.map { ($0.key.rawValue, $0.value.digest.hexadecimal) })
        let digestsJSON: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            digestsJSON = try encoder.encode(digests)
        } catch {
            throw .cannotWrite(path: path, reason: "\(error)")
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
        var files: [(URL, Data, Int)] = [
            (directory.caCertificateURL, Data(authority.certificatePEM.utf8), 0o644),
            (directory.url.appendingPathComponent("ca.key"), Data(authority.privateKeyPEM.utf8), 0o600),
            (directory.serverCertificateURL, Data(authority.serverCertificatePEM.utf8), 0o644),
            (directory.serverKeyURL, Data(authority.serverPrivateKeyPEM.utf8), 0o600),
            (directory.tokenDigestsURL, digestsJSON, 0o600),
        ]
        for (role, token) in tokens { files.append((directory.tokenURL(role), Data((token.text + "\n").utf8), 0o600)) }
        for (role, identity) in authority.clientIdentities {
            files.append((directory.clientCertificateURL(role), Data(identity.certificatePEM.utf8), 0o644))
            files.append((directory.clientKeyURL(role), Data(identity.privateKeyPEM.utf8), 0o600))
        }
        for (url, data, mode) in files {
            do {
                try AtomicFile.write(data, to: url)
                try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
            } catch {
                throw .cannotWrite(path: url.path, reason: "\(error)")
            }
        }
        return directory
    }

    /// The relay's verifier of role tokens, from `tokens.json`.
    /// - Throws: ``CredentialsError`` when the file is missing or malformed.
    public func tokenVerifier() throws(CredentialsError) -> TokenVerifier {
        let url = tokenDigestsURL
        let text = try CredentialsError.readText(url, limit: 4_096)
        let decoded: [String: String]
        do {
            decoded = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        } catch {
            throw .invalid(path: url.path, reason: "not a JSON object of role names to SHA-256 digests")
        }
        var digests = [Role: [UInt8]]()
        for (name, hexadecimal) in decoded {
            guard let role = Role(rawValue: name) else {
                throw .invalid(path: url.path, reason: "unknown role '\(name)' (roles: worker, trainer, admin)")
            }
            guard let digest = [UInt8](hexadecimal: hexadecimal), digest.count == 32 else {
                throw .invalid(path: url.path, reason: "the digest of '\(name)' is not 64 hexadecimal digits")
            }
            digests[role] = digest
        }
        return TokenVerifier(digests: digests)
    }

    /// The PEM text of a certificate or key file of the directory (at most 64 KiB).
    func pem(_ url: URL) throws(CredentialsError) -> String {
        let text = try CredentialsError.readText(url, limit: 65_536)
        guard text.contains("-----BEGIN ") else { throw .invalid(path: url.path, reason: "not a PEM file") }
        return text
    }
}

extension [UInt8] {
    /// The bytes of an even number of hexadecimal digits, or nil.
    init?(hexadecimal: String) {
        let digits = Array(hexadecimal.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self = bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 48...57: digit - 48
        case 97...102: digit - 87
        case 65...70: digit - 55
        default: nil
        }
    }
}
