import Foundation
import SwiftRLAlgorithms
@testable import SwiftRLCheckpoint
import Testing

/// Damaged or unsuitable checkpoints give one clear error, never a crash.
@Suite struct CheckpointErrorTests {
    /// Writes a checkpoint of a short SAC run on Pendulum, then hands its directory to `body`.
    private func withCheckpoint(_ body: (URL) throws -> Void) throws {
        try withTemporaryDirectory { directory in
            let state = try Runs.sacState()
            try state.run(to: 40)
            let url = directory.appendingPathComponent("checkpoint")
            try Checkpoint(session: state).write(to: url)
            try body(url)
        }
    }

    private func edit(_ url: URL, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        change(&bytes)
        try Data(bytes).write(to: url)
    }

    @Test func truncatedTensorsFile() throws {
        try withCheckpoint { url in
            let file = url.appendingPathComponent(Checkpoint.tensorsFileName)
            try edit(file) { $0.removeLast(100) }
            #expect(throws: CheckpointError.truncated(path: file.path)) { try Checkpoint.read(from: url) }
            try edit(file) { $0.removeLast($0.count - 3) }
            #expect(throws: CheckpointError.truncated(path: file.path)) { try Checkpoint.read(from: url) }
        }
    }

    @Test func truncatedMetadataFile() throws {
        try withCheckpoint { url in
            let file = url.appendingPathComponent(Checkpoint.metadataFileName)
            try edit(file) { $0.removeLast($0.count / 2) }
            #expect(throws: CheckpointError.truncated(path: file.path)) { try Checkpoint.read(from: url) }
        }
    }

    @Test func corruptedTensorData() throws {
        try withCheckpoint { url in
            let file = url.appendingPathComponent(Checkpoint.tensorsFileName)
            try edit(file) { $0[$0.count - 10] ^= 0x40 }
            let error = try #require(throws: CheckpointError.self) { try Checkpoint.read(from: url) }
            guard case .corrupted(let path, let reason) = error else { Issue.record("\(error)"); return }
            #expect(path == file.path && reason.contains("checksum"))
        }
    }

    @Test func corruptedHeaderAndMetadata() throws {
        try withCheckpoint { url in
            let tensors = url.appendingPathComponent(Checkpoint.tensorsFileName)
            let original = try Data(contentsOf: tensors)
            try edit(tensors) { $0[9] = UInt8(ascii: "#") }
            let headerError = try #require(throws: CheckpointError.self) { try Checkpoint.read(from: url) }
            #expect(headerError.description.hasPrefix("checkpoint file '\(tensors.path)' is corrupted"))
            try original.write(to: tensors)

            let metadata = url.appendingPathComponent(Checkpoint.metadataFileName)
            try edit(metadata) { $0[0] = UInt8(ascii: "x") }
            #expect(throws: CheckpointError.corrupted(path: metadata.path, reason: "not valid JSON")) {
                try Checkpoint.read(from: url)
            }
            try Data(#"{"format": "swiftrl-checkpoint", "format_version": 2}"#.utf8).write(to: metadata)
            #expect(throws: CheckpointError.corrupted(path: metadata.path, reason: "a field is missing or has the wrong type")) {
                try Checkpoint.read(from: url)
            }
        }
    }

    @Test func wrongVersion() throws {
        try withCheckpoint { url in
            let file = url.appendingPathComponent(Checkpoint.metadataFileName)
            let text = try String(contentsOf: file, encoding: .utf8)
                .replacingOccurrences(of: #""format_version" : 2"#, with: #""format_version" : 99"#)
            try Data(text.utf8).write(to: file)
            #expect(throws: CheckpointError.unsupportedVersion(path: file.path, found: 99, supported: 2)) {
                try Checkpoint.read(from: url)
            }
        }
    }

    @Test func missingCheckpoint() throws {
        try withTemporaryDirectory { directory in
            #expect(throws: CheckpointError.notFound(path: directory.path)) { try Checkpoint.read(from: directory) }
            #expect(throws: CheckpointError.notFound(path: directory.path)) {
                try CheckpointStore(url: directory).latest()
            }
        }
    }

    @Test func otherEnvironment() throws {
        try withCheckpoint { url in
            let state = try Runs.sacState(environment: "MountainCarContinuous-v0")
            let error = try #require(throws: CheckpointError.self) {
                try Checkpoint.read(from: url).restore(into: state, path: url.path)
            }
            #expect(error == .mismatch(path: url.path,
                                       reason: "the checkpoint is of Pendulum-v1, the configuration is MountainCarContinuous-v0"))
            #expect(state.environmentSteps == 0)
        }
    }

    @Test func otherHiddenSizes() throws {
        try withCheckpoint { url in
            let state = try Runs.sacState(hiddenSizes: [32, 16])
            let before = try state.stateBytes()
            let error = try #require(throws: CheckpointError.self) {
                try Checkpoint.read(from: url).restore(into: state, path: url.path)
            }
            #expect(error == .mismatch(path: url.path, reason: "network 'actor' is 3→16→16→2 (relu, identity) "
                                       + "in the checkpoint but 3→32→16→2 (relu, identity) in the configuration"))
            #expect(try state.stateBytes() == before)
        }
    }

    @Test func otherAlgorithm() throws {
        try withCheckpoint { url in
            let state = try Runs.td3State()
            #expect(throws: CheckpointError.mismatch(path: url.path, reason: "the checkpoint is of SAC, the configuration is TD3")) {
                try Checkpoint.read(from: url).restore(into: state, path: url.path)
            }
        }
    }

    @Test func descriptionsAreOneLine() {
        let errors: [CheckpointError] = [
            .notFound(path: "a"), .truncated(path: "a"), .corrupted(path: "a", reason: "b"),
            .unsupportedVersion(path: "a", found: 2, supported: 1), .mismatch(path: "a", reason: "b"),
            .unsupported(reason: "b"), .cannotWrite(path: "a", reason: "b"),
        ]
        for error in errors { #expect(!error.description.contains("\n")) }
    }
}
