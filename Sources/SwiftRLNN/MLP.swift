import SwiftRLCore

/// A multilayer perceptron: an architecture and its weights and biases in one flat vector.
///
/// `MLP` holds what inference needs and nothing else, so a deployed policy carries weights only.
/// Training adds gradients and optimizer moments around it (see ``TrainableMLP``).
///
/// ```swift
/// var generator = RandomGenerator(seed: 1)
/// let network = MLP(architecture: .init(inputSize: 3, hiddenSizes: [64, 64], outputSize: 1), generator: &generator)
/// let output = network([0.1, 0.2, 0.3])
/// ```
public struct MLP: Sendable, Hashable, Codable {
    /// Sizes and activations.
    public let architecture: MLPArchitecture
    /// Weights and biases, laid out as ``MLPArchitecture/weightOffset(ofLayer:)`` describes.
    public var parameters: [Float]

    /// Creates a network with PyTorch's default initialization: weights and biases of each layer
    /// uniform in ±1/√fan-in.
    public init(architecture: MLPArchitecture, generator: inout RandomGenerator) {
        self.architecture = architecture
        var parameters = [Float](repeating: 0, count: architecture.parameterCount)
        parameters.withUnsafeMutableBufferPointer { values in
            for layer in 0..<architecture.layerCount {
                architecture.layer(layer).initializeParameters(values.baseAddress! + architecture.weightOffset(ofLayer: layer),
                                                               generator: &generator)
            }
        }
        self.parameters = parameters
    }

    /// Creates a network from existing parameters.
    public init(architecture: MLPArchitecture, parameters: [Float]) {
        precondition(
            parameters.count == architecture.parameterCount,
            "MLP needs \(architecture.parameterCount) parameters, got \(parameters.count)")
        self.architecture = architecture
        self.parameters = parameters
    }

    /// Creates a network from parameters given by a user or read from a file, checking them.
    /// - Throws: ``NetworkShapeError`` when the architecture is invalid, the count differs from its
    ///   parameter count, or a value is not finite.
    public init(architecture: MLPArchitecture, validatingParameters parameters: [Float]) throws(NetworkShapeError) {
        try architecture.validate()
        guard parameters.count == architecture.parameterCount else {
            throw NetworkShapeError("layer sizes \(architecture.layerSizes) need \(architecture.parameterCount) parameters, found \(parameters.count)")
        }
        if let index = parameters.firstIndex(where: { !$0.isFinite }) {
            throw NetworkShapeError("parameter \(index) is \(parameters[index]), not a finite number")
        }
        self.init(architecture: architecture, parameters: parameters)
    }

    /// Decodes a network and checks it as ``init(architecture:validatingParameters:)`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let architecture = try container.decode(MLPArchitecture.self, forKey: .architecture)
        let parameters = try container.decode([Float].self, forKey: .parameters)
        do {
            try self.init(architecture: architecture, validatingParameters: parameters)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Runs a batch through the network, caching every layer's output in `workspace`.
    /// - Parameters:
    ///   - input: `batchSize × inputSize` values, row-major.
    ///   - batchSize: rows, at most the workspace's capacity.
    ///   - workspace: receives the activations; `workspace.output` holds the result.
    ///   - pool: splits the rows between its threads when given; the result is bit-identical either way.
    public func forward(_ input: UnsafePointer<Float>, batchSize: Int, workspace: MLPWorkspace,
                        pool: ThreadPool? = nil) {
        precondition(workspace.architecture == architecture, "MLP workspace was sized for another architecture")
        precondition(batchSize > 0 && batchSize <= workspace.capacity,
                     "batch of \(batchSize) outside the workspace's capacity \(workspace.capacity)")
        workspace.batchSize = batchSize
        parameters.withUnsafeBufferPointer { parameters in
            RowSplit.runOverBatchRows(batchSize, pool: pool) { _, rows in
                forward(input, rows: rows, parameters: parameters.baseAddress!, workspace: workspace)
            }
        }
    }

    /// The forward pass of rows `rows` alone.
    private func forward(_ input: UnsafePointer<Float>, rows: Range<Int>, parameters: UnsafePointer<Float>,
                         workspace: MLPWorkspace) {
        let inputSize = architecture.inputSize
        (workspace.activations[0] + rows.lowerBound * inputSize)
            .update(from: input + rows.lowerBound * inputSize, count: rows.count * inputSize)
        for layer in 0..<architecture.layerCount {
            let inputs = architecture.width(at: layer), outputs = architecture.width(at: layer + 1)
            architecture.layer(layer).forward(
                rows: rows.count, input: workspace.activations[layer] + rows.lowerBound * inputs,
                parameters: parameters + architecture.weightOffset(ofLayer: layer),
                output: workspace.activations[layer + 1] + rows.lowerBound * outputs)
        }
    }

    /// Evaluates one input with the training kernels (allocates a workspace; use
    /// ``forward(_:batchSize:workspace:pool:)`` in loops, and ``deployedOutput(for:)`` for the
    /// bits an exported header computes).
    public func callAsFunction(_ input: [Float]) -> [Float] {
        precondition(input.count == architecture.inputSize,
                     "MLP expects \(architecture.inputSize) inputs, got \(input.count)")
        let workspace = MLPWorkspace(architecture: architecture, capacity: 1)
        forward(input, batchSize: 1, workspace: workspace)
        return workspace.outputArray
    }
}
