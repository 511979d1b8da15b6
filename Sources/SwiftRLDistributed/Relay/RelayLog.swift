import Foundation

/// Where the distributed roles report what they refused and what went wrong (`relay: refused …`,
/// `worker ID: …`, `trainer: …`): one line per event, to standard error by default.
public struct RelayLog: Sendable {
    let write: @Sendable (String) -> Void

    /// A log that hands each line to `write`.
    public init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data("\($0)\n".utf8)) }) {
        self.write = write
    }

    /// Logs a refusal of something `peer` sent or asked.
    func refusal(peer: String, _ reason: String) { write("relay: refused \(peer): \(reason)") }

    /// Logs an event; `message` names its role.
    func event(_ message: String) { write(message) }
}
