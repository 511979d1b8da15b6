extension UnsafeMutablePointer where Pointee == Float {
    /// Allocates `count` floats set to zero: the buffers of workspaces, batches and scratch space,
    /// allocated once and freed by their owner's `deinit`.
    public static func allocateZeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
        buffer.initialize(repeating: 0, count: count)
        return buffer
    }
}
