/// Why a relay, worker or trainer role cannot start or go on.
public enum RelayError: Error, CustomStringConvertible, Equatable {
    /// An address that is not `HOST:PORT`.
    case invalidAddress(String)
    /// `--insecure` asked for a non-loopback address.
    case insecureNotLoopback(String)
    /// The credentials could not be read.
    case credentials(CredentialsError)
    /// The relay's database could not be opened or written.
    case storage(String)
    /// The relay refused a call, or could not be reached.
    case call(String)
    /// A message from the relay was refused.
    case message(MessageError)

    public var description: String {
        switch self {
        case .invalidAddress(let address): "invalid address '\(address)': expected HOST:PORT"
        case .insecureNotLoopback(let address):
            "--insecure is allowed on loopback only (127.0.0.1, ::1 or localhost), not \(address)"
        case .credentials(let error): error.description
        case .storage(let reason): "relay storage: \(reason)"
        case .call(let reason): "relay: \(reason)"
        case .message(let error): error.description
        }
    }
}
