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
            #expect(path == url.path && reason.contains("checksum"))
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
            try Data(#"{"format": "swiftrl-checkpoint", "format_version": 3}"#.utf8).write(to: metadata)
            let sealError = try #require(throws: CheckpointError.self) { try Checkpoint.read(from: url) }
            #expect(sealError.description.contains("checksum"))
        }
    }

    @Test func wrongVersion() throws {
        try withCheckpoint { url in
            let file = url.appendingPathComponent(Checkpoint.metadataFileName)
            let text = try String(contentsOf: file, encoding: .utf8)
                .replacingOccurrences(of: #""format_version" : 3"#, with: #""format_version" : 99"#)
            try Data(text.utf8).write(to: file)
            #expect(throws: CheckpointError.unsupportedVersion(path: file.path, found: 99, supported: 3)) {
                try Checkpoint.read(from: url)
            }
        }
    }

    /// Any edit to `checkpoint.json`, even one that keeps it valid JSON of the right shape (a
    /// counter, the seed), breaks the seal; the checkpoint is left in place.
    @Test func editedMetadataIsRefused() throws {
        try withCheckpoint { url in
            let file = url.appendingPathComponent(Checkpoint.metadataFileName)
            let original = try String(contentsOf: file, encoding: .utf8)
            for (old, new) in [(#""environment_steps" : 40"#, #""environment_steps" : 30"#), (#""seed" : 7"#, #""seed" : 8"#)] {
                #expect(original.contains(old))
                try Data(original.replacingOccurrences(of: old, with: new).utf8).write(to: file)
                let error = try #require(throws: CheckpointError.self) { try Checkpoint.read(from: url) }
                #expect(error.description.contains("checksum"), "\(error)")
                #expect(FileManager.default.fileExists(atPath: file.path))
            }
        }
    }

    /// A sealed checkpoint (as a deliberate forger would write it) is still checked value by value:
    /// an all-zero generator, counters beyond 2^53 and an impossible training time are refused.
    @Test func impossibleValuesAreRefusedEvenWhenSealed() throws {
        try withCheckpoint { url in
            let file = url.appendingPathComponent(Checkpoint.metadataFileName)
            let tensors = [UInt8](try Data(contentsOf: url.appendingPathComponent(Checkpoint.tensorsFileName)))
            let sealed = [UInt8](try Data(contentsOf: file))
            let original = String(decoding: try #require(CheckpointSeal.unsealed(sealed, tensors: tensors)), as: UTF8.self)
            let generator = try #require(original.firstMatch(of: /"run" : \{[^}]*\}/)).output
            let edits = [
                (String(generator), #""run" : {"s0" : 0, "s1" : 0, "s2" : 0, "s3" : 0}"#, "cannot occur"),
                (#""train_seconds" : "#, #""train_seconds" : 1e308, "x" : "#, "train_seconds"),
            ]
            for (old, new, fragment) in edits {
                let edited = original.replacingOccurrences(of: old, with: new)
                #expect(edited != original)
                try Data(CheckpointSeal.sealed(metadata: Array(edited.utf8), tensors: tensors)).write(to: file)
                let error = try #require(throws: CheckpointError.self) { try Checkpoint.read(from: url) }
                #expect(error.description.contains(fragment), "\(error)")
            }
        }
    }

    @Test func otherSeed() throws {
        try withCheckpoint { url in
            let state = try Runs.sacState(seed: 8)
            let error = try #require(throws: CheckpointError.self) {
                try Checkpoint.read(from: url).restore(into: state, path: url.path)
            }
            #expect(error == .mismatch(path: url.path, reason: "'seed' is 7 in the checkpoint but 8 in the configuration"))
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
