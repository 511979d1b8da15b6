import ArgumentParser
import SwiftRLDistributed

/// How a worker, trainer or operator reaches a relay: `--server`, `--credentials`, `--insecure`.
struct RelayOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The relay's address (`swiftrl serve`).", valueName: "host:port"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp(
        "A directory with the relay's ca.pem and this role's token (from `swiftrl certs`).", valueName: "dir"))
    var credentials: String?

    @Flag(name: .long, help: "Connect without TLS (loopback relays only).")
    var insecure = false

    /// The connection for `role`, or nil when no `--server` was given.
    func connection(as role: Role) throws -> RelayConnection? {
        guard let server else {
            if credentials != nil || insecure { throw ValidationError("--credentials and --insecure need --server") }
            return nil
        }
        guard let credentials else { throw ValidationError("--server needs --credentials") }
        return try RelayConnection(server: RelayAddress(parsing: server), credentials: CredentialsDirectory(path: credentials),
                                   role: role, insecure: insecure)
    }
}
