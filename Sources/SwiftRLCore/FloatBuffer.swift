extension UnsafeMutablePointer where Pointee == Float {
    /// Allocates `count` floats set to zero: the buffers of workspaces, batches and scratch space,
    /// allocated once and freed by their owner's `deinit`.
    public static func allocateZeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
        buffer.initialize(repeating: 0, count: count)
        return buffer
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// Copies `count` floats from `source` one by one: for the short rows (an observation, an
    /// action) that batch gathers copy, where a call to `memmove` costs more than the copy itself.
    @inlinable
    @inline(__always)
    public func copyShortRow(from source: UnsafePointer<Float>, count: Int) {
        for index in 0..<count { self[index] = source[index] }
    }
}
