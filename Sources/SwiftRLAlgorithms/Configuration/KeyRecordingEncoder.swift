/// An `Encoder` that writes nothing and records the keys it is given, including `nil` optionals
/// (which `encodeIfPresent` would otherwise skip), into a ``ConfigurationSchema``. Lists are plain
/// values: their elements are not recorded.
struct KeyRecordingEncoder: Encoder {
    let schema: ConfigurationSchema
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy _: Key.Type) -> KeyedEncodingContainer<Key> {
        schema.isMapping = true
        return KeyedEncodingContainer(KeyedContainer(schema: schema))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { IgnoringUnkeyedContainer() }

    func singleValueContainer() -> any SingleValueEncodingContainer { IgnoringSingleValueContainer() }
}

extension KeyRecordingEncoder {
    /// Records each key; nested values are recorded recursively. The one generic `encode` stands
    /// for every primitive overload; the `encodeIfPresent` overloads must be spelled out because
    /// the protocol's own defaults would win over a generic one.
    private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let schema: ConfigurationSchema
        var codingPath: [any CodingKey] = []

        private func record<Value>(_: Value.Type, _ key: Key) {
            schema.childAddingIfNeeded(key.stringValue).valueType = Value.self
        }

        mutating func encodeNil(forKey key: Key) throws { _ = schema.childAddingIfNeeded(key.stringValue) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            record(T.self, key)
            let child = schema.childAddingIfNeeded(key.stringValue)
            try value.encode(to: KeyRecordingEncoder(schema: child))
            if child.isMapping { child.valueType = nil }
        }

        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { record(T.self, key) }
        }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { record(Bool.self, key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { record(String.self, key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { record(Double.self, key) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { record(Float.self, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { record(Int.self, key) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { record(Int8.self, key) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { record(Int16.self, key) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { record(Int32.self, key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { record(Int64.self, key) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { record(UInt.self, key) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { record(UInt8.self, key) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { record(UInt16.self, key) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { record(UInt32.self, key) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { record(UInt64.self, key) }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy _: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let child = schema.childAddingIfNeeded(key.stringValue)
            child.isMapping = true
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(schema: child))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            _ = schema.childAddingIfNeeded(key.stringValue)
            return IgnoringUnkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { KeyRecordingEncoder(schema: schema) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            KeyRecordingEncoder(schema: schema.childAddingIfNeeded(key.stringValue))
        }
    }

    /// Accepts a list's elements without recording them.
    private struct IgnoringUnkeyedContainer: UnkeyedEncodingContainer {
        var codingPath: [any CodingKey] = []
        private(set) var count = 0

        mutating func encodeNil() throws { count += 1 }
        mutating func encode<T: Encodable>(_ value: T) throws { count += 1 }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            count += 1
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(schema: ConfigurationSchema()))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            count += 1
            return IgnoringUnkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { KeyRecordingEncoder(schema: ConfigurationSchema()) }
    }

    /// Accepts a plain value without recording it (its key is already recorded).
    private struct IgnoringSingleValueContainer: SingleValueEncodingContainer {
        var codingPath: [any CodingKey] = []

        mutating func encodeNil() throws {}
        mutating func encode<T: Encodable>(_ value: T) throws {}
    }
}
