import Foundation
import NIOSSL

/// A certificate and its private key (PEM) from a credentials directory, checked to parse and to
/// belong together as a TLS context would check them at the first connection, so that a damaged
/// file is reported by name before anything connects.
struct TLSIdentity: Sendable {
    let certificatePEM: String
    let privateKeyPEM: String

    /// Reads and checks the certificate at `certificateURL` and the key at `keyURL`.
    /// - Throws: ``CredentialsError`` naming the file that is missing, malformed or does not fit.
    init(certificate certificateURL: URL, key keyURL: URL, in credentials: CredentialsDirectory) throws(CredentialsError) {
        certificatePEM = try credentials.pem(certificateURL)
        privateKeyPEM = try credentials.pem(keyURL)
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8))
        } catch {
            throw .invalid(path: certificateURL.path, reason: "not a PEM certificate (\(error))")
        }
        guard !certificates.isEmpty else { throw .invalid(path: certificateURL.path, reason: "holds no certificate") }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        } catch {
            throw .invalid(path: keyURL.path, reason: "not a PEM private key (\(error))")
        }
        do {
            _ = try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(privateKey)))
        } catch {
            throw .invalid(path: keyURL.path, reason: "the key does not fit \(certificateURL.lastPathComponent) (\(error))")
        }
    }
}
