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
        FileHandle.standardError.write(Data("error: \(oneLine(String(describing: error)))\n".utf8))
        throw ExitCode.failure
    }
}

/// The longest error line printed: a message that quotes a huge value from a file is cut in the middle.
let errorLineLimit = 1_000

/// `message` on one line of at most ``errorLineLimit`` characters, its middle elided when longer.
func oneLine(_ message: String) -> String {
    let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    guard line.count > errorLineLimit else { return line }
    let half = errorLineLimit / 2
    return "\(line.prefix(half)) … (\(line.count - 2 * half) characters left out) … \(line.suffix(half))"
}
