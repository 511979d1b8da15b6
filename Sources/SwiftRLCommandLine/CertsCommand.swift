import ArgumentParser
import SwiftRLDistributed

/// `swiftrl certs`: writes a relay's CA, server certificate and role tokens.
struct CertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "Write the credentials of a relay: a CA, the server's certificate and one token per role.",
        discussion: """
            The directory must not exist. It receives ca.pem (every machine trusts it), ca.key, server.pem \
            and server.key (the relay's TLS identity), tokens.json (the SHA-256 of each token, for the relay) \
            and worker.token, trainer.token, admin.token (mode 0600). Copy ca.pem and a role's token to \
            each machine of that role.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The directory to create.", valueName: "dir"))
    var output: String

    @Option(name: .customLong("host"), help: ArgumentHelp(
        "A DNS name or IP address the relay is reached at (repeatable; localhost, 127.0.0.1 and ::1 are always included).",
        valueName: "name"))
    var hosts: [String] = []

    func run() throws {
        try reportingErrors {
            let names = hosts + ["localhost", "127.0.0.1", "::1"].filter { !hosts.contains($0) }
            let directory = try CredentialsDirectory.create(at: output, hosts: names)
            print("wrote the credentials for \(names.joined(separator: ", ")) to \(directory.url.path)")
        }
    }
}
