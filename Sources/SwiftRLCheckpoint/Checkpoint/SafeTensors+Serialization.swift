import Foundation

extension SafeTensors {
    /// Why bytes are not a valid safetensors file.
    public enum FormatError: Error, Equatable, CustomStringConvertible {
        /// The file ends before its header or data does.
        case truncated
        /// The header is not valid JSON of the expected form, or an entry does not fit the data.
        case invalidHeader(String)

        public var description: String {
            switch self {
            case .truncated: "the file is truncated"
            case .invalidHeader(let reason): "invalid safetensors header: \(reason)"
            }
        }
    }

    /// The file's bytes.
    public func serialized() -> [UInt8] {
        var header = [String: Any]()
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let tensor = tensors[name]!
            header[name] = ["dtype": tensor.dataType.rawValue, "shape": tensor.shape,
                            "data_offsets": [offset, offset + tensor.bytes.count]] as [String: Any]
            offset += tensor.bytes.count
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        // Serializing dictionaries of strings, integers and arrays cannot fail.
        var json = [UInt8](try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        while json.count % 8 != 0 { json.append(0x20) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + json.count + offset)
        for byte in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * byte))) }
        bytes += json
        for name in names { bytes += tensors[name]!.bytes }
        return bytes
    }

    /// Parses a file's bytes, checking every offset against the data.
    /// - Throws: ``FormatError``.
    public init(bytes: [UInt8]) throws(FormatError) {
        guard bytes.count >= 8 else { throw .truncated }
        let headerLength = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * $1) }
        guard headerLength <= UInt64(bytes.count - 8) else { throw .truncated }
        let dataStart = 8 + Int(headerLength)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]))
        } catch {
            throw .invalidHeader("not JSON")
        }
        guard let header = object as? [String: Any] else { throw .invalidHeader("not a JSON object") }
        let dataCount = bytes.count - dataStart
        var tensors = [String: Tensor](), metadata = [String: String](), highestEnd = 0
        for (name, value) in header {
            if name == "__metadata__" {
                guard let strings = value as? [String: String] else { throw .invalidHeader("__metadata__ is not strings") }
                metadata = strings
                continue
            }
            guard let entry = value as? [String: Any],
                  let dataType = (entry["dtype"] as? String).flatMap(DataType.init(rawValue:)),
                  let shape = entry["shape"] as? [Int],
                  let offsets = entry["data_offsets"] as? [Int], offsets.count == 2,
                  offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw .invalidHeader("entry '\(name)' is malformed or of an unsupported dtype")
            }
            guard offsets[1] <= dataCount else { throw .truncated }
            guard let tensor = Tensor(dataType: dataType, shape: shape,
                                      bytes: Array(bytes[(dataStart + offsets[0])..<(dataStart + offsets[1])])) else {
                throw .invalidHeader("entry '\(name)' has \(offsets[1] - offsets[0]) bytes, which do not fit shape \(shape)")
            }
            tensors[name] = tensor
            highestEnd = max(highestEnd, offsets[1])
        }
        guard highestEnd == dataCount else { throw .invalidHeader("\(dataCount - highestEnd) bytes after the last tensor") }
        self.init(tensors: tensors, metadata: metadata)
    }
}
