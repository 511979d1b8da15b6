import Foundation
import SwiftRLCore

extension Checkpoint {
    /// The tensors file's name inside a checkpoint directory.
    public static let tensorsFileName = "tensors.safetensors"
    /// The metadata file's name inside a checkpoint directory.
    public static let metadataFileName = "checkpoint.json"

    /// Writes the checkpoint as a new directory at `url`, atomically: both files go into a temporary
    /// directory beside it, are flushed to disk, and the directory is renamed to `url` (which must
    /// not exist). A crash leaves either no directory at `url` or a complete one.
    /// - Throws: ``CheckpointError/cannotWrite(path:reason:)``.
    public func write(to url: URL) throws(CheckpointError) {
        let (metadata, tensors) = encoded()
        let tensorBytes = tensors.serialized()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let metadataBytes: [UInt8]
        do {
            metadataBytes = CheckpointSeal.sealed(metadata: [UInt8](try encoder.encode(metadata)), tensors: tensorBytes)
        } catch {
            throw .cannotWrite(path: url.path, reason: "cannot encode the metadata (\(error))")
        }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp", isDirectory: true)
        do {
            try DurableFile.createDirectory(temporary)
            try DurableFile.write(tensorBytes, to: temporary.appendingPathComponent(Self.tensorsFileName))
            try DurableFile.write(metadataBytes, to: temporary.appendingPathComponent(Self.metadataFileName))
            try DurableFile.rename(temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: url.path, reason: error.reason)
        }
    }

    /// The largest `checkpoint.json` ``read(from:)`` reads (64 MiB).
    public static let metadataSizeLimit = 64 << 20

    /// Reads and checks the checkpoint directory at `url`: its seal (one checksum over both files,
    /// see ``CheckpointSeal``), format version, tensors and every value's range and consistency.
    /// A refused checkpoint is left as it is.
    /// - Throws: ``CheckpointError``: not found, truncated, corrupted (bad JSON or header, checksum
    ///   mismatch, missing tensors, values out of range) or of an unsupported format version.
    public static func read(from url: URL) throws(CheckpointError) -> Checkpoint {
        let metadataURL = url.appendingPathComponent(metadataFileName)
        let tensorsURL = url.appendingPathComponent(tensorsFileName)
        let sealedMetadata: [UInt8]
        do {
            sealedMetadata = try LimitedFile.read(metadataURL, limit: metadataSizeLimit)
        } catch .missing {
            throw .notFound(path: url.path)
        } catch {
            throw .corrupted(path: metadataURL.path, reason: error.description)
        }
        try checkFormat(of: sealedMetadata, path: metadataURL.path)
        let tensorBytes: [UInt8]
        do {
            tensorBytes = try LimitedFile.read(tensorsURL, limit: Int(clamping: ProcessInfo.processInfo.physicalMemory / 2))
        } catch {
            throw .corrupted(path: tensorsURL.path, reason: error.description)
        }
        return try decodeChecked(sealedMetadata: sealedMetadata, tensors: tensorBytes, directory: url)
    }

    /// Decodes and checks a checkpoint from its two files' bytes, as ``read(from:)`` does after
    /// reading them; `directory` names the files in errors.
    /// - Throws: as ``read(from:)``.
    public static func decode(sealedMetadata: [UInt8], tensors tensorBytes: [UInt8],
                              directory url: URL) throws(CheckpointError) -> Checkpoint {
        try checkFormat(of: sealedMetadata, path: url.appendingPathComponent(metadataFileName).path)
        return try decodeChecked(sealedMetadata: sealedMetadata, tensors: tensorBytes, directory: url)
    }

    /// ``decode(sealedMetadata:tensors:directory:)`` of metadata whose format is already checked.
    private static func decodeChecked(sealedMetadata: [UInt8], tensors tensorBytes: [UInt8],
                                      directory url: URL) throws(CheckpointError) -> Checkpoint {
        let metadataURL = url.appendingPathComponent(metadataFileName)
        let tensorsURL = url.appendingPathComponent(tensorsFileName)
        let tensors: SafeTensors
        do {
            tensors = try SafeTensors(bytes: tensorBytes)
        } catch .truncated {
            throw .truncated(path: tensorsURL.path)
        } catch {
            throw .corrupted(path: tensorsURL.path, reason: error.description)
        }
        guard let metadataBytes = CheckpointSeal.unsealed(sealedMetadata, tensors: tensorBytes) else {
            throw .corrupted(path: url.path, reason: "the checksum in \(metadataFileName) does not match "
                + "\(metadataFileName) and \(tensorsFileName): one of them was edited, damaged or replaced")
        }
        let metadata: CheckpointMetadata
        do {
            metadata = try JSONDecoder().decode(CheckpointMetadata.self, from: Data(metadataBytes))
        } catch let error as DecodingError {
            throw .corrupted(path: metadataURL.path, reason: error.summary)
        } catch {
            throw .corrupted(path: metadataURL.path, reason: "\(error)")
        }
        return try Checkpoint(metadata: metadata, tensors: tensors, path: url.path)
    }

    /// Checks that `checkpoint.json` is complete JSON of SwiftRL's checkpoint format in the version
    /// this code reads, before anything else is read.
    private static func checkFormat(of bytes: [UInt8], path: String) throws(CheckpointError) {
        let data = Data(bytes)
        struct Header: Decodable {
            var format: String
            var formatVersion: Int
            enum CodingKeys: String, CodingKey { case format, formatVersion = "format_version" }
        }
        guard (try? JSONSerialization.jsonObject(with: data)) != nil else {
            // The file is written in one piece ending in "}": anything else was cut short.
            let isComplete = bytes.last(where: { !" \n\r\t".utf8.contains($0) }) == UInt8(ascii: "}")
            throw isComplete ? .corrupted(path: path, reason: "not valid JSON") : .truncated(path: path)
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: data),
              header.format == CheckpointMetadata.formatName else {
            throw .corrupted(path: path, reason: "not a swiftrl checkpoint")
        }
        guard header.formatVersion == CheckpointMetadata.currentVersion else {
            throw .unsupportedVersion(path: path, found: header.formatVersion, supported: CheckpointMetadata.currentVersion)
        }
    }
}
