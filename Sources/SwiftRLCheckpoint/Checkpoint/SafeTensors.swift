import Foundation

/// A minimal reader and writer of the safetensors format (Hugging Face), so that PyTorch users can
/// read a checkpoint's tensors with `safetensors.torch.load_file`.
///
/// Layout: an 8-byte little-endian header length `N`, `N` bytes of JSON header (padded with spaces
/// to a multiple of 8) mapping each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (offsets relative to the data section) plus an optional `"__metadata__"` of strings, then the
/// little-endian tensor data, tensors laid out back to back in name order.
public struct SafeTensors: Sendable, Hashable {
    /// Element types this reader and writer handle.
    public enum DataType: String, Sendable, Hashable, CaseIterable {
        /// 32-bit IEEE float.
        case float32 = "F32"
        /// 64-bit IEEE float.
        case float64 = "F64"
        /// 64-bit signed integer.
        case int64 = "I64"
        /// 64-bit unsigned integer.
        case uint64 = "U64"

        /// Bytes per element.
        public var size: Int { self == .float32 ? 4 : 8 }
    }

    /// One tensor: its type, shape and little-endian bytes.
    public struct Tensor: Sendable, Hashable {
        /// Element type.
        public var dataType: DataType
        /// Dimensions (`[]` for a scalar).
        public var shape: [Int]
        /// `shape.product × dataType.size` little-endian bytes.
        public var bytes: [UInt8]

        /// A Float32 tensor; `shape` defaults to `[values.count]`.
        public init(_ values: [Float], shape: [Int]? = nil) {
            self.init(dataType: .float32, shape: shape ?? [values.count],
                      littleEndian: values.map(\.bitPattern.littleEndian), count: values.count)
        }

        /// A Float64 tensor; `shape` defaults to `[values.count]`.
        public init(_ values: [Double], shape: [Int]? = nil) {
            self.init(dataType: .float64, shape: shape ?? [values.count],
                      littleEndian: values.map(\.bitPattern.littleEndian), count: values.count)
        }

        private init<Word: FixedWidthInteger>(dataType: DataType, shape: [Int], littleEndian words: [Word], count: Int) {
            precondition(shape.reduce(1, *) == count, "tensor shape \(shape) does not fit \(count) values")
            self.dataType = dataType
            self.shape = shape
            bytes = words.withUnsafeBytes { Array($0) }
        }

        /// Creates a tensor from raw little-endian bytes; `nil` unless they fit the shape exactly.
        init?(dataType: DataType, shape: [Int], bytes: [UInt8]) {
            var count = 1
            for dimension in shape {
                guard dimension >= 0 else { return nil }
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                guard !overflow else { return nil }
                count = product
            }
            guard count <= bytes.count, count * dataType.size == bytes.count else { return nil }
            self.dataType = dataType
            self.shape = shape
            self.bytes = bytes
        }

        /// Elements.
        public var count: Int { bytes.count / dataType.size }

        /// The values of a Float32 tensor (`nil` for another type).
        public var floats: [Float]? {
            guard dataType == .float32 else { return nil }
            return words(UInt32.self).map(Float.init(bitPattern:))
        }

        /// The values of a Float64 tensor (`nil` for another type).
        public var doubles: [Double]? {
            guard dataType == .float64 else { return nil }
            return words(UInt64.self).map(Double.init(bitPattern:))
        }

        private func words<Word: FixedWidthInteger>(_: Word.Type) -> [Word] {
            bytes.withUnsafeBytes { raw in
                (0..<count).map { Word(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<Word>.size, as: Word.self)) }
            }
        }
    }

    /// The tensors by name.
    public var tensors: [String: Tensor]
    /// Free-form string metadata (`"__metadata__"`).
    public var metadata: [String: String]

    /// Creates a collection of tensors.
    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }
}
