import Foundation
@testable import SwiftRLCheckpoint
import Testing

/// Files are size-checked before they are read, and only regular files are read.
@Suite struct LimitedFileTests {
    @Test func readsAFileWithinTheLimit() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("a")
            try Data("hello".utf8).write(to: url)
            #expect(try LimitedFile.read(url, limit: 5) == Array("hello".utf8))
            #expect(try LimitedFile.readText(url, limit: 100) == "hello")
        }
    }

    @Test func refusesWhatIsTooLargeMissingOrNotAFile() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("a")
            try Data("hello".utf8).write(to: url)
            #expect(throws: LimitedFile.Failure.tooLarge(size: 5, limit: 4)) { try LimitedFile.read(url, limit: 4) }
            #expect(throws: LimitedFile.Failure.missing) {
                try LimitedFile.read(directory.appendingPathComponent("b"), limit: 4)
            }
            #expect(throws: LimitedFile.Failure.unreadable(reason: "not a regular file")) {
                try LimitedFile.read(URL(fileURLWithPath: "/dev/zero"), limit: 1 << 20)
            }
            #expect(throws: LimitedFile.Failure.unreadable(reason: "not a regular file")) {
                try LimitedFile.read(directory, limit: 1 << 20)
            }
            try Data([0xFF, 0xFE]).write(to: url)
            #expect(throws: LimitedFile.Failure.unreadable(reason: "not UTF-8 text")) { try LimitedFile.readText(url, limit: 10) }
        }
    }
}
