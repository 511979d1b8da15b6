import Foundation

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
        let (metadataValue, tensors) = encoded()
        var metadata = metadataValue
        let tensorBytes = tensors.serialized()
        metadata.tensorsChecksum = Checksum.fnv1a64(tensorBytes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let metadataBytes: [UInt8]
        do {
            metadataBytes = [UInt8](try encoder.encode(metadata))
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

    /// Reads and checks the checkpoint directory at `url`.
    /// - Throws: ``CheckpointError``: not found, truncated, corrupted (bad JSON or header, checksum
    ///   mismatch, missing tensors) or of an unsupported format version.
    public static func read(from url: URL) throws(CheckpointError) -> Checkpoint {
        let metadataURL = url.appendingPathComponent(metadataFileName)
        let tensorsURL = url.appendingPathComponent(tensorsFileName)
        guard FileManager.default.fileExists(atPath: metadataURL.path) else { throw .notFound(path: url.path) }
        let metadata = try readMetadata(metadataURL)
        guard let tensorBytes = FileManager.default.contents(atPath: tensorsURL.path).map([UInt8].init) else {
            throw .corrupted(path: tensorsURL.path, reason: "the file is missing or unreadable")
        }
        let tensors: SafeTensors
        do {
            tensors = try SafeTensors(bytes: tensorBytes)
        } catch .truncated {
            throw .truncated(path: tensorsURL.path)
        } catch {
            throw .corrupted(path: tensorsURL.path, reason: error.description)
        }
        guard Checksum.fnv1a64(tensorBytes) == metadata.tensorsChecksum else {
            throw .corrupted(path: tensorsURL.path, reason: "its checksum differs from the one in \(metadataFileName)")
        }
        return try Checkpoint(metadata: metadata, tensors: tensors, path: url.path)
    }

    /// Reads `checkpoint.json`, checking its format and version before anything else.
    private static func readMetadata(_ url: URL) throws(CheckpointError) -> CheckpointMetadata {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .corrupted(path: url.path, reason: "the file is not readable")
        }
        struct Header: Decodable {
            var format: String
            var formatVersion: Int
            enum CodingKeys: String, CodingKey { case format, formatVersion = "format_version" }
        }
        guard (try? JSONSerialization.jsonObject(with: data)) != nil else {
            // The file is written in one piece ending in "}": anything else was cut short.
            let isComplete = data.last(where: { !" \n\r\t".utf8.contains($0) }) == UInt8(ascii: "}")
            throw isComplete ? .corrupted(path: url.path, reason: "not valid JSON") : .truncated(path: url.path)
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: data),
              header.format == CheckpointMetadata.formatName else {
            throw .corrupted(path: url.path, reason: "not a swiftrl checkpoint")
        }
        guard header.formatVersion == CheckpointMetadata.currentVersion else {
            throw .unsupportedVersion(path: url.path, found: header.formatVersion, supported: CheckpointMetadata.currentVersion)
        }
        do {
            return try JSONDecoder().decode(CheckpointMetadata.self, from: data)
        } catch {
            throw .corrupted(path: url.path, reason: "a field is missing or has the wrong type")
        }
    }
}
