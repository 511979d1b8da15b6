import Crypto
import Foundation
import SwiftASN1
import X509

/// A private certificate authority for one relay: a self-signed CA, the server's certificate and a
/// client certificate per role (for mutual TLS), all with P-256 keys, as `swiftrl certs` writes them.
struct CertificateAuthority {
    /// The CA certificate, PEM; workers and trainers trust it.
    let certificatePEM: String
    /// The CA's private key, PEM (kept to issue certificates later).
    let privateKeyPEM: String
    /// The server's certificate, PEM, for the given host names and addresses.
    let serverCertificatePEM: String
    /// The server's private key, PEM.
    let serverPrivateKeyPEM: String
    /// Each role's client certificate and private key, PEM, presented to a relay that requires them.
    let clientIdentities: [Role: (certificatePEM: String, privateKeyPEM: String)]

    /// Issues a CA valid for ten years, a server certificate for `hosts` (DNS names or IP
    /// addresses) and a client certificate per role (common name `swiftrl ROLE`), valid for two years.
    static func issue(hosts: [String], now: Date = Date()) throws -> CertificateAuthority {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("SwiftRL relay CA") }
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey),
            notValidBefore: now - 3_600, notValidAfter: now + 10 * 365 * 86_400,
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: .init(caKey.publicKey))
            },
            issuerPrivateKey: .init(caKey))
        let serverKey = P256.Signing.PrivateKey()
        let server = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now - 3_600, notValidAfter: now + 2 * 365 * 86_400,
            issuer: caName, subject: try DistinguishedName { CommonName(hosts.first ?? "localhost") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                SubjectAlternativeNames(hosts.map(Self.generalName))
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: .init(caKey.publicKey)).keyIdentifier)
            },
            issuerPrivateKey: .init(caKey))
        var clients = [Role: (certificatePEM: String, privateKeyPEM: String)]()
        for role in Role.allCases {
            let clientKey = P256.Signing.PrivateKey()
            let client = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(clientKey.publicKey),
                notValidBefore: now - 3_600, notValidAfter: now + 2 * 365 * 86_400,
                issuer: caName, subject: try DistinguishedName { CommonName("swiftrl \(role.rawValue)") },
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([.clientAuth])
                    AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: .init(caKey.publicKey)).keyIdentifier)
                },
                issuerPrivateKey: .init(caKey))
            clients[role] = (try client.serializeAsPEM().pemString, clientKey.pemRepresentation)
        }
        return CertificateAuthority(
            certificatePEM: try ca.serializeAsPEM().pemString, privateKeyPEM: caKey.pemRepresentation,
            serverCertificatePEM: try server.serializeAsPEM().pemString, serverPrivateKeyPEM: serverKey.pemRepresentation,
            clientIdentities: clients)
    }

    /// An IP address entry for an address, a DNS name entry otherwise.
    private static func generalName(_ host: String) -> GeneralName {
        if let bytes = ipAddressBytes(host) { return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes))) }
        return .dnsName(host)
    }
}

/// The network-order bytes of an IPv4 or IPv6 address written in text, or nil for anything else.
func ipAddressBytes(_ text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
    return nil
}
