/// A workspace for a layer of your own that maps each feature of a row to one output feature (an
/// activation, a scaling): the last forward pass's inputs, kept for the backward pass, and its
/// outputs, up to `capacity` rows of `width` values each.
///
/// ```swift
/// struct Swish: Layer {
///     func makeWorkspace(capacity: Int) -> ElementwiseWorkspace { ElementwiseWorkspace(capacity: capacity, width: width) }
///     func outputs(of workspace: ElementwiseWorkspace) -> UnsafePointer<Float> { UnsafePointer(workspace.outputs) }
///     …
/// }
/// ```
public final class ElementwiseWorkspace: @unchecked Sendable {
    /// The most rows (time × batch) a pass may have.
    public let capacity: Int
    /// Values per row.
    public let width: Int
    /// The rows of the last forward pass, which the layer sets.
    public var rows = 0
    /// The last forward pass's inputs, `rows × width` values.
    public let inputs: UnsafeMutablePointer<Float>
    /// The last forward pass's outputs, `rows × width` values.
    public let outputs: UnsafeMutablePointer<Float>

    /// Allocates room for `capacity` rows of `width` values (zeros).
    public init(capacity: Int, width: Int) {
        precondition(capacity > 0 && width > 0, "an elementwise workspace of \(capacity) rows × \(width) values")
        self.capacity = capacity
        self.width = width
        inputs = .allocate(capacity: capacity * width)
        inputs.initialize(repeating: 0, count: capacity * width)
        outputs = .allocate(capacity: capacity * width)
        outputs.initialize(repeating: 0, count: capacity * width)
    }

    deinit {
        inputs.deallocate()
        outputs.deallocate()
    }
}
