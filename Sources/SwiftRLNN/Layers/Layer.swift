import SwiftRLCore

/// A layer of a ``Sequential``: its sizes, how it runs over sequences with an explicit recurrent
/// state, how it is deployed (one step in Swift and in C), and how PyTorch names its tensors.
///
/// A layer describes; it holds no parameters. Its parameters are a slice of the ``Sequential``'s one
/// flat vector (so one Adam loop and one Polyak loop cover a whole network), handed to every call
/// as a pointer. Passes run over `[time × batch × features]`, time-major (row `t · batch + b`), from
/// an initial state of ``stateWidth`` values per sequence; a layer without memory (``DenseLayer``)
/// has a state width of 0 and treats the rows as one batch. ``DenseLayer`` and ``RecurrentShape``
/// (LSTM, GRU) conform; a program can add its own layers the same way.
public protocol Layer: Sendable {
    /// What a pass caches for the backward pass that follows it, sized for a number of rows.
    associatedtype Workspace: AnyObject

    /// Input features per row.
    var inputSize: Int { get }
    /// Output features per row.
    var outputSize: Int { get }
    /// Values in the layer's slice of the parameter vector.
    var parameterCount: Int { get }
    /// Values of recurrent state per sequence (0 for a layer without memory).
    var stateWidth: Int { get }

    /// Checks sizes that came from a file or a caller.
    /// - Throws: ``NetworkShapeError`` naming what no layer can have.
    func validate() throws(NetworkShapeError)

    /// Writes freshly initialized parameters (``parameterCount`` values) drawn from `generator`.
    func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, generator: inout RandomGenerator)

    /// A workspace for passes of up to `capacity` rows (time × batch).
    func makeWorkspace(capacity: Int) -> Workspace

    /// Runs `batch` sequences of `time` steps through the layer, caching what ``backward(outputGradient:parameters:workspace:parameterGradients:inputGradient:pool:)`` needs.
    /// - Parameters:
    ///   - input: `time × batch × inputSize` values.
    ///   - parameters: the layer's slice of the parameter vector.
    ///   - initialState: `batch × stateWidth` values (not read when the width is 0).
    ///   - episodeStarts: `time × batch` flags where a sequence's state restarts from zero, or nil.
    ///   - workspace: receives the outputs (``outputs(of:)``) and final states (``finalState(of:)``).
    ///   - pool: threads to share the work between; the bits must not depend on it.
    func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, parameters: UnsafePointer<Float>,
                 initialState: UnsafePointer<Float>, episodeStarts: UnsafePointer<Bool>?, workspace: Workspace,
                 pool: ThreadPool?)

    /// The outputs of the last forward pass: `time × batch × outputSize` values.
    func outputs(of workspace: Workspace) -> UnsafePointer<Float>

    /// The state of each sequence after the last forward pass: `batch × stateWidth` values (nil
    /// when the width is 0).
    func finalState(of workspace: Workspace) -> UnsafePointer<Float>?

    /// Backpropagates the last forward pass (truncated at its start: the initial state gets no gradient).
    /// - Parameters:
    ///   - outputGradient: ∂loss/∂outputs, `time × batch × outputSize` values.
    ///   - parameterGradients: receives ∂loss/∂parameters for the layer's slice (overwritten), or nil.
    ///   - inputGradient: receives ∂loss/∂input (`time × batch × inputSize`, overwritten), or nil.
    func backward(outputGradient: UnsafePointer<Float>, parameters: UnsafePointer<Float>, workspace: Workspace,
                  parameterGradients: UnsafeMutablePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?,
                  pool: ThreadPool?)

    /// One step for one input as deployed: the operations ``cStatements(prefix:layer:input:output:parameters:state:)``
    /// writes, in the same order, so that a compiled header gives the same bits.
    /// - Parameters:
    ///   - state: ``stateWidth`` values, advanced in place.
    ///   - output: receives ``outputSize`` values.
    func deployedStep(_ input: UnsafePointer<Float>, state: UnsafeMutablePointer<Float>,
                      parameters: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>)

    /// Modules the layer takes in a `torch.nn.Sequential` (a dense layer: its `Linear` and its activation).
    var pytorchModuleCount: Int { get }
    /// The names (after `PREFIX.MODULE.`) and shapes of the layer's tensors in PyTorch, in order.
    var pytorchTensorLayout: [(name: String, shape: [Int])] { get }
    /// The layer's tensors in PyTorch's layout and ``pytorchTensorLayout``'s order, out of `values`:
    /// the layer's slice of the parameters, or of any vector laid out like them (Adam's moments).
    func pytorchTensors(of values: UnsafePointer<Float>) -> [[Float]]
    /// Writes tensors of ``pytorchTensorLayout``'s shapes into the layer's slice `values`.
    func assign(pytorchTensors tensors: [[Float]], into values: UnsafeMutablePointer<Float>)

    /// The shared C kernels the layer's statements call (a header defines each once).
    var cKernels: [CKernel] { get }
    /// C functions of the layer's own, named after `PREFIX_layerLAYER_`, defined before the network's function.
    func cFunctions(prefix: String, layer: Int, parameters: String) -> String
    /// The C statements of ``deployedStep(_:state:parameters:output:)``.
    /// - Parameters:
    ///   - input, output: C expressions of the `float` arrays read and written.
    ///   - parameters: a C expression of the `const float *` to the layer's slice.
    ///   - state: a C expression of the `float *` to the layer's state.
    func cStatements(prefix: String, layer: Int, input: String, output: String, parameters: String, state: String) -> String
}

extension Layer {
    public var stateWidth: Int { 0 }
    public func finalState(of workspace: Workspace) -> UnsafePointer<Float>? { nil }
    public var pytorchModuleCount: Int { 1 }
    public var cKernels: [CKernel] { [] }
    public func cFunctions(prefix: String, layer: Int, parameters: String) -> String { "" }
}
