import ArgumentParser
import Foundation

/// Runs `body`; any error it throws is printed to standard error as one line, `error: …`, and
/// turned into a failing exit code (ArgumentParser would print its own multi-line form).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exitCode as ExitCode {
        throw exitCode
    } catch {
        let message = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        throw ExitCode.failure
    }
}
