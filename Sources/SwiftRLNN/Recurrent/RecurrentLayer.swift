import SwiftRLCore

/// An LSTM or GRU layer: a ``RecurrentShape`` and its weights and biases in one flat vector.
///
/// It runs over whole sequences, `[time × batch × features]` in time-major order, from an explicit
/// initial state, and resets a row's state to zero where an episode starts:
///
/// ```swift
/// let layer = RecurrentLayer(shape: .init(cell: .lstm, inputSize: 2, hiddenSize: 64), generator: &generator)
/// let workspace = RecurrentWorkspace(shape: layer.shape, capacity: 16 * 32)
/// layer.forward(inputs, time: 16, batch: 32, initialState: states, episodeStarts: starts, workspace: workspace)
/// // workspace.outputs: 16 × 32 × 64 hidden states; workspace.finalState: 32 rows of state
/// ```
public struct RecurrentLayer: Sendable, Hashable, Codable {
    /// Cell and sizes.
    public let shape: RecurrentShape
    /// Weights and biases, laid out as ``RecurrentShape`` describes.
    public var parameters: [Float]

    /// Creates a layer with PyTorch's initialization: every weight and bias uniform in ±1/√H.
    public init(shape: RecurrentShape, generator: inout RandomGenerator) {
        self.shape = shape
        var parameters = [Float](repeating: 0, count: shape.parameterCount)
        parameters.withUnsafeMutableBufferPointer { shape.initializeParameters($0.baseAddress!, generator: &generator) }
        self.parameters = parameters
    }

    /// Creates a layer from parameters the program made.
    public init(shape: RecurrentShape, parameters: [Float]) {
        precondition(parameters.count == shape.parameterCount,
                     "a recurrent layer of \(shape.parameterCount) parameters given \(parameters.count)")
        self.shape = shape
        self.parameters = parameters
    }

    /// Creates a layer from parameters read from a file or given by a user, checking them.
    /// - Throws: ``NetworkShapeError`` for an invalid shape, another count, or a value that is not finite.
    public init(shape: RecurrentShape, validatingParameters parameters: [Float]) throws(NetworkShapeError) {
        try shape.validate()
        guard parameters.count == shape.parameterCount else {
            throw NetworkShapeError("a \(shape.cell.rawValue) layer of \(shape.inputSize) inputs and hidden size "
                + "\(shape.hiddenSize) needs \(shape.parameterCount) parameters, found \(parameters.count)")
        }
        if let index = parameters.firstIndex(where: { !$0.isFinite }) {
            throw NetworkShapeError("recurrent parameter \(index) is \(parameters[index]), not a finite number")
        }
        self.init(shape: shape, parameters: parameters)
    }

    /// Decodes a layer and checks it as ``init(shape:validatingParameters:)`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let shape = try container.decode(RecurrentShape.self, forKey: .shape)
        let parameters = try container.decode([Float].self, forKey: .parameters)
        do {
            try self.init(shape: shape, validatingParameters: parameters)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }
}

extension RecurrentLayer {
    /// Runs sequences through the layer; see
    /// ``RecurrentShape/forward(_:time:batch:parameters:initialState:episodeStarts:workspace:pool:)``.
    public func forward(_ input: UnsafePointer<Float>, time: Int, batch: Int, initialState: UnsafePointer<Float>,
                        episodeStarts: UnsafePointer<Bool>?, workspace: RecurrentWorkspace, pool: ThreadPool? = nil) {
        parameters.withUnsafeBufferPointer { parameters in
            shape.forward(input, time: time, batch: batch, parameters: parameters.baseAddress!, initialState: initialState,
                          episodeStarts: episodeStarts, workspace: workspace, pool: pool)
        }
    }

    /// Backpropagates through time; see
    /// ``RecurrentShape/backward(outputGradient:parameters:workspace:parameterGradients:inputGradient:initialStateGradient:pool:)``.
    public func backward(outputGradient: UnsafePointer<Float>, workspace: RecurrentWorkspace,
                         parameterGradients: UnsafeMutablePointer<Float>?, inputGradient: UnsafeMutablePointer<Float>?,
                         initialStateGradient: UnsafeMutablePointer<Float>? = nil, pool: ThreadPool? = nil) {
        parameters.withUnsafeBufferPointer { parameters in
            shape.backward(outputGradient: outputGradient, parameters: parameters.baseAddress!, workspace: workspace,
                           parameterGradients: parameterGradients, inputGradient: inputGradient,
                           initialStateGradient: initialStateGradient, pool: pool)
        }
    }

    /// One step for one input as deployed; see ``RecurrentShape/deployedStep(_:state:parameters:output:)``.
    public func deployedStep(_ input: UnsafePointer<Float>, state: UnsafeMutablePointer<Float>,
                             output: UnsafeMutablePointer<Float>) {
        parameters.withUnsafeBufferPointer { parameters in
            shape.deployedStep(input, state: state, parameters: parameters.baseAddress!, output: output)
        }
    }
}
