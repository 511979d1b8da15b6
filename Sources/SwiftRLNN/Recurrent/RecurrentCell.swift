/// The kind of a ``RecurrentLayer``: which gates it has and what state it carries.
///
/// Both follow PyTorch's `torch.nn.LSTM` and `torch.nn.GRU` (one layer, `batch_first=False`), gate
/// order included, so their weights load into PyTorch unchanged.
public enum RecurrentCell: String, Sendable, Hashable, Codable, CaseIterable {
    /// Long short-term memory: input, forget, cell and output gates (`i, f, g, o`), and a state of
    /// two vectors, the hidden state `h` and the cell state `c`.
    ///
    ///     i = σ(x·Wᵢᵢ + bᵢᵢ + h·Wₕᵢ + bₕᵢ)    f = σ(…)    g = tanh(…)    o = σ(…)
    ///     c' = f ⊙ c + i ⊙ g                   h' = o ⊙ tanh(c')
    case lstm
    /// Gated recurrent unit: reset, update and new gates (`r, z, n`), and the hidden state alone.
    ///
    ///     r = σ(x·Wᵢᵣ + bᵢᵣ + h·Wₕᵣ + bₕᵣ)     z = σ(…)
    ///     n = tanh(x·Wᵢₙ + bᵢₙ + r ⊙ (h·Wₕₙ + bₕₙ))
    ///     h' = (1 − z) ⊙ n + z ⊙ h
    case gru

    /// Gates, each `hiddenSize` wide.
    public var gateCount: Int {
        switch self {
        case .lstm: 4
        case .gru: 3
        }
    }

    /// Vectors of `hiddenSize` values in the state: `h` (and `c` for an LSTM, after `h`).
    public var stateVectorCount: Int {
        switch self {
        case .lstm: 2
        case .gru: 1
        }
    }
}
