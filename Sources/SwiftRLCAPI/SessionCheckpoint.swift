import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLEnvironments

/// A saved session: a checkpoint directory plus `session.json`, the arguments that rebuild the
/// session (algorithm, every configuration key, environment, seed), and for the caller's own
/// environments `environment-state.bin`, the bytes the caller saved them as. `session.json` is sealed
/// together with the checkpoint's own `checkpoint.json` (which seals the tensors) and those bytes, so
/// that an edit to any file is refused.
enum SavedSession {
    static let fileName = "session.json"
    static let environmentStateFileName = "environment-state.bin"
    /// The largest environment state read back (1 GiB).
    static let environmentStateLimit = 1 << 30
    static let format = "swiftrl-session"
    static let version = 1

    /// Writes `handle`'s checkpoint, `session.json` and `environmentState` (required exactly when the
    /// session steps the caller's environments) as the new directory `path`, atomically.
    static func save(_ handle: SessionHandle, to path: String, environmentState: [UInt8]?) throws {
        guard (environmentState != nil) == (handle.builtInEnvironment == nil) else {
            throw CAPIError(.argument, handle.builtInEnvironment == nil
                ? "a session on your own environments needs their saved state (environment_state)"
                : "a session on a built-in environment saves it itself: environment_state must be NULL")
        }
        let url = URL(fileURLWithPath: path, isDirectory: true)
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw CAPIError(.io, "'\(path)' exists; save to a new path")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw CAPIError(.io, "cannot write '\(path)': its parent directory does not exist")
        }
        let checkpoint = try handle.reading { try Checkpoint(session: handle.session) }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp", isDirectory: true)
        do {
            try checkpoint.write(to: temporary)
            let metadata = try LimitedFile.read(temporary.appendingPathComponent(Checkpoint.metadataFileName),
                                                limit: Checkpoint.metadataSizeLimit)
            let description: [String: Any] = [
                "format": format, "version": version, "algorithm": handle.algorithm.rawValue,
                "environment": handle.session.environmentName, "built_in_environment": handle.builtInEnvironment != nil,
                "seed": String(handle.seed),
                "configuration": handle.configuration.json,
                "environment_state_bytes": environmentState?.count ?? 0,
            ]
            if let environmentState {
                try DurableFile.write(environmentState, to: temporary.appendingPathComponent(environmentStateFileName))
            }
            let text = try JSONSerialization.data(withJSONObject: description, options: [.prettyPrinted, .sortedKeys])
            try DurableFile.write(CheckpointSeal.sealed(metadata: [UInt8](text), tensors: metadata + (environmentState ?? [])),
                                  to: temporary.appendingPathComponent(fileName))
            try DurableFile.rename(temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let failure = error as? DurableFile.Failure { throw CAPIError(.io, "cannot write '\(path)': \(failure.reason)") }
            throw error
        }
    }

    /// What rebuilds the session saved at `path`, checked against the seal and for its fields, and
    /// the caller's environment state (nil for a built-in environment).
    static func read(at path: String) throws -> (information: [String: Any], environmentState: [UInt8]?) {
        let url = URL(fileURLWithPath: path, isDirectory: true)
        func corrupted(_ reason: String) -> CheckpointError { .corrupted(path: url.appendingPathComponent(fileName).path, reason: reason) }
        let sealed: [UInt8], metadata: [UInt8]
        do {
            sealed = try LimitedFile.read(url.appendingPathComponent(fileName), limit: AlgorithmConfiguration.jsonSizeLimit)
        } catch .missing {
            throw CheckpointError.notFound(path: url.appendingPathComponent(fileName).path)
        } catch {
            throw corrupted(error.description)
        }
        do {
            metadata = try LimitedFile.read(url.appendingPathComponent(Checkpoint.metadataFileName), limit: Checkpoint.metadataSizeLimit)
        } catch .missing {
            throw CheckpointError.notFound(path: url.appendingPathComponent(Checkpoint.metadataFileName).path)
        } catch {
            throw CheckpointError.corrupted(path: url.path, reason: error.description)
        }
        let environmentStateURL = url.appendingPathComponent(environmentStateFileName)
        var environmentState: [UInt8]?
        if FileManager.default.fileExists(atPath: environmentStateURL.path) {
            do {
                environmentState = try LimitedFile.read(environmentStateURL, limit: environmentStateLimit)
            } catch {
                throw CheckpointError.corrupted(path: environmentStateURL.path, reason: error.description)
            }
        }
        guard let text = CheckpointSeal.unsealed(sealed, tensors: metadata + (environmentState ?? [])) else {
            throw corrupted("its checksum does not match it and checkpoint.json")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text)) as? [String: Any],
              object["format"] as? String == format else { throw corrupted("it is not a saved SwiftRL session") }
        guard object["version"] as? Int == version else { throw corrupted("format version \(object["version"] ?? "none") is not \(version)") }
        guard let algorithm = object["algorithm"] as? String, (try? AlgorithmName(named: algorithm)) != nil,
              let environment = object["environment"] as? String, let builtIn = object["built_in_environment"] as? Bool,
              let seed = (object["seed"] as? String).flatMap(UInt64.init), let configuration = object["configuration"] as? String,
              let stateBytes = object["environment_state_bytes"] as? Int else {
            throw corrupted("a field is missing or of the wrong type")
        }
        guard stateBytes == environmentState?.count ?? 0, builtIn == (environmentState == nil) else {
            throw corrupted("\(environmentStateFileName) does not match it")
        }
        return (["algorithm": algorithm, "environment": environment, "built_in_environment": builtIn,
                 "seed": String(seed), "configuration": configuration], environmentState)
    }
}

@_cdecl("swiftrl_session_save")
public func cSessionSave(_ session: OpaquePointer?, _ path: UnsafePointer<CChar>?,
                         _ environmentState: UnsafePointer<UInt8>?, _ environmentStateCount: Int64) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        var state: [UInt8]?
        if let environmentState {
            guard (0...Int64(SavedSession.environmentStateLimit)).contains(environmentStateCount) else {
                throw CAPIError(.argument, "environment_state_count \(environmentStateCount) is not in 0...\(SavedSession.environmentStateLimit)")
            }
            state = Array(UnsafeBufferPointer(start: environmentState, count: Int(environmentStateCount)))
        }
        try SavedSession.save(handle, to: try string(path, "path"), environmentState: state)
    }
}

@_cdecl("swiftrl_checkpoint_info_json")
public func cCheckpointInfoJSON(_ path: UnsafePointer<CChar>?, _ json: StringOutput?) -> Int32 {
    withStatus { try give(JSONText.encode(try SavedSession.read(at: try string(path, "path")).information), to: json, "json") }
}

@_cdecl("swiftrl_checkpoint_environment_state")
public func cCheckpointEnvironmentState(_ path: UnsafePointer<CChar>?, _ data: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
                                        _ count: UnsafeMutablePointer<Int64>?) -> Int32 {
    withStatus {
        let data = try required(data, "data"), count = try required(count, "count")
        data.pointee = nil
        count.pointee = 0
        guard let state = try SavedSession.read(at: try string(path, "path")).environmentState else { return }
        guard let copy = malloc(max(state.count, 1))?.assumingMemoryBound(to: UInt8.self) else { throw CAPIError(.io, "out of memory") }
        copy.update(from: state, count: state.count)
        data.pointee = copy
        count.pointee = Int64(state.count)
    }
}

@_cdecl("swiftrl_session_restore")
public func cSessionRestore(_ session: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let path = try string(path, "path")
        _ = try SavedSession.read(at: path)
        let checkpoint = try Checkpoint.read(from: URL(fileURLWithPath: path, isDirectory: true))
        try handle.reading { try checkpoint.restore(into: handle.session, path: path) }
    }
}
