/// The sizes of a ``RecurrentLayer`` and where its tensors lie in its flat parameter vector.
///
/// SwiftRL keeps each weight matrix row-major as `inputs × gates` (the transpose of PyTorch's
/// `[gates, inputs]`), so that a whole sequence's input products are one matrix product:
///
///     [ Wᵢ: inputSize × G·H | Wₕ: H × G·H | bᵢ: G·H | bₕ: G·H ]
///
/// where `H` is ``hiddenSize``, `G` the cell's ``RecurrentCell/gateCount``, and the `G·H` columns
/// hold the gates one after the other in PyTorch's order.
public struct RecurrentShape: Sendable, Hashable, Codable {
    /// LSTM or GRU.
    public var cell: RecurrentCell
    /// Input features per step.
    public var inputSize: Int
    /// Hidden features (the output per step).
    public var hiddenSize: Int

    /// The largest input or hidden size accepted from a file or a caller.
    public static let sizeLimit = 1 << 16

    /// A shape; see ``validate()`` for sizes from outside the program.
    public init(cell: RecurrentCell, inputSize: Int, hiddenSize: Int) {
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
    }

    /// Decodes a shape and checks it with ``validate()``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(cell: try container.decode(RecurrentCell.self, forKey: .cell),
                  inputSize: try container.decode(Int.self, forKey: .inputSize),
                  hiddenSize: try container.decode(Int.self, forKey: .hiddenSize))
        do {
            try validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Checks that both sizes lie in 1…``sizeLimit``.
    /// - Throws: ``NetworkShapeError`` naming the size out of range.
    public func validate() throws(NetworkShapeError) {
        for (name, size) in [("input size", inputSize), ("hidden size", hiddenSize)]
        where !(1...Self.sizeLimit).contains(size) {
            throw NetworkShapeError("recurrent \(name) \(size) outside 1…\(Self.sizeLimit)")
        }
    }

    /// `G·H`: the columns of every gate together.
    public var gateWidth: Int { cell.gateCount * hiddenSize }
    /// Values in one row of state: `H` for a GRU, `2H` (`h`, then `c`) for an LSTM.
    public var stateWidth: Int { cell.stateVectorCount * hiddenSize }
    /// Where `Wₕ` starts.
    public var hiddenWeightOffset: Int { inputSize * gateWidth }
    /// Where `bᵢ` starts.
    public var inputBiasOffset: Int { hiddenWeightOffset + hiddenSize * gateWidth }
    /// Where `bₕ` starts.
    public var hiddenBiasOffset: Int { inputBiasOffset + gateWidth }
    /// Weights and biases.
    public var parameterCount: Int { hiddenBiasOffset + gateWidth }
}
