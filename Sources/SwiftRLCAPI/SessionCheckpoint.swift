import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLEnvironments

/// A saved session: a checkpoint directory plus `session.json`, the arguments that rebuild the
/// session (algorithm, every configuration key, environment, seed), sealed together with the
/// checkpoint's own `checkpoint.json` (which seals the tensors), so that an edit to any file is refused.
enum SavedSession {
    static let fileName = "session.json"
    static let format = "swiftrl-session"
    static let version = 1

    /// Writes `handle`'s checkpoint and `session.json` as the new directory `path`, atomically.
    static func save(_ handle: SessionHandle, to path: String) throws {
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
            ]
            let text = try JSONSerialization.data(withJSONObject: description, options: [.prettyPrinted, .sortedKeys])
            try DurableFile.write(CheckpointSeal.sealed(metadata: [UInt8](text), tensors: metadata),
                                  to: temporary.appendingPathComponent(fileName))
            try DurableFile.rename(temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let failure = error as? DurableFile.Failure { throw CAPIError(.io, "cannot write '\(path)': \(failure.reason)") }
            throw error
        }
    }

    /// What rebuilds the session saved at `path`: checked against the seal and for its fields.
    static func information(at path: String) throws -> [String: Any] {
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
        guard let text = CheckpointSeal.unsealed(sealed, tensors: metadata) else {
            throw corrupted("its checksum does not match it and checkpoint.json")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text)) as? [String: Any],
              object["format"] as? String == format else { throw corrupted("it is not a saved SwiftRL session") }
        guard object["version"] as? Int == version else { throw corrupted("format version \(object["version"] ?? "none") is not \(version)") }
        guard let algorithm = object["algorithm"] as? String, (try? AlgorithmName(named: algorithm)) != nil,
              let environment = object["environment"] as? String, let builtIn = object["built_in_environment"] as? Bool,
              let seed = (object["seed"] as? String).flatMap(UInt64.init), let configuration = object["configuration"] as? String else {
            throw corrupted("a field is missing or of the wrong type")
        }
        return ["algorithm": algorithm, "environment": environment, "built_in_environment": builtIn,
                "seed": String(seed), "configuration": configuration]
    }
}

@_cdecl("swiftrl_session_save")
public func cSessionSave(_ session: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    withStatus { try SavedSession.save(try sessionHandle(session), to: try string(path, "path")) }
}

@_cdecl("swiftrl_checkpoint_info_json")
public func cCheckpointInfoJSON(_ path: UnsafePointer<CChar>?, _ json: StringOutput?) -> Int32 {
    withStatus { try give(JSONText.encode(try SavedSession.information(at: try string(path, "path"))), to: json, "json") }
}

@_cdecl("swiftrl_session_restore")
public func cSessionRestore(_ session: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let path = try string(path, "path")
        _ = try SavedSession.information(at: path)
        let checkpoint = try Checkpoint.read(from: URL(fileURLWithPath: path, isDirectory: true))
        try handle.reading { try checkpoint.restore(into: handle.session, path: path) }
    }
}
