import Foundation
import SwiftRLAlgorithms
@testable import SwiftRLCheckpoint
import Testing

/// A failed or interrupted write leaves the previous checkpoint loadable.
@Suite struct AtomicWriteTests {
    @Test func storeKeepsOnlyTheLatestCheckpoint() throws {
        try withTemporaryDirectory { directory in
            let store = CheckpointStore(url: directory.appendingPathComponent("checkpoints"))
            let state = try Runs.sacState()
            for step in [20, 40] {
                try state.run(to: step)
                try store.save(Checkpoint(session: state))
            }
            let latest = try store.latest()
            #expect(latest.lastPathComponent == "step-000000040")
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.url.path) == ["step-000000040"])
            #expect(try Checkpoint.read(from: latest).training.environmentSteps == 40)
        }
    }

    /// A process killed mid-write leaves only a temporary directory (the rename never happened): it is
    /// ignored, the previous checkpoint loads, and the next save removes the leftover.
    @Test func interruptedWriteLeavesThePreviousCheckpoint() throws {
        try withTemporaryDirectory { directory in
            let store = CheckpointStore(url: directory.appendingPathComponent("checkpoints"))
            let state = try Runs.sacState()
            try state.run(to: 20)
            try store.save(Checkpoint(session: state))
            let leftover = store.url.appendingPathComponent(".step-000000040.crashed.tmp")
            try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: false)
            try Data([1, 2, 3]).write(to: leftover.appendingPathComponent(Checkpoint.tensorsFileName))

            #expect(try Checkpoint.read(from: store.latest()).training.environmentSteps == 20)
            try state.run(to: 40)
            try store.save(Checkpoint(session: state))
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.url.path) == ["step-000000040"])
        }
    }

    /// A write whose final rename fails (the destination is taken) removes its temporary directory
    /// and leaves what was there untouched.
    @Test func failedWriteLeavesTheExistingCheckpoint() throws {
        try withTemporaryDirectory { directory in
            let state = try Runs.sacState()
            try state.run(to: 20)
            let url = directory.appendingPathComponent("checkpoint")
            try Checkpoint(session: state).write(to: url)
            let before = try Data(contentsOf: url.appendingPathComponent(Checkpoint.tensorsFileName))
            try state.run(to: 40)
            let error = try #require(throws: CheckpointError.self) { try Checkpoint(session: state).write(to: url) }
            guard case .cannotWrite = error else { Issue.record("\(error)"); return }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["checkpoint"])
            #expect(try Data(contentsOf: url.appendingPathComponent(Checkpoint.tensorsFileName)) == before)
            #expect(try Checkpoint.read(from: url).training.environmentSteps == 20)
        }
    }
}
