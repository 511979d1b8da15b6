extension RecurrentShape {
    /// The C state type of an exported header: `PREFIX_state`, with `h` (and an LSTM's `c`).
    public func cStateType(prefix p: String) -> String {
        let h = hiddenSize
        let cellField = cell == .lstm ? "\n    float c[\(h)]; /* cell state */" : ""
        return """
        /* The policy's memory between steps: zero it with \(p)_reset at each episode's start. */
        typedef struct {
            float h[\(h)]; /* hidden state */\(cellField)
        } \(p)_state;


        """
    }

    /// The C function `NAME(state, x, features)`: one step of the layer for one input, advancing
    /// the state, with every float operation of ``deployedStep(_:state:parameters:output:)`` in the
    /// same order (so that a header compiled without `-ffast-math` and without contraction gives the
    /// same bits with the same `expf` and `tanhf`).
    /// - Parameters:
    ///   - name: the function's name.
    ///   - stateType: the C type `state` points to.
    ///   - hidden, cell: C expressions of the state's `h` and (an LSTM's) `c` arrays through `state`.
    ///   - inputWeights, hiddenWeights, inputBias, hiddenBias: C expressions of the parameter arrays,
    ///     laid out as SwiftRL stores them (``RecurrentShape``).
    public func cStepFunction(name: String, stateType: String, hidden: String, cell: String, inputWeights: String,
                              hiddenWeights: String, inputBias: String, hiddenBias: String) -> String {
        let h = hiddenSize, g = gateWidth
        func sigmoid(_ gate: Int) -> String {
            "1.0f / (1.0f + expf(-(a[\(gate * h) + j] + b[\(gate * h) + j])))"
        }
        let update = switch self.cell {
        case .lstm: """
                const float i_gate = \(sigmoid(0));
                const float f_gate = \(sigmoid(1));
                const float g_gate = tanhf(a[\(2 * h) + j] + b[\(2 * h) + j]);
                const float o_gate = \(sigmoid(3));
                const float cell = f_gate * \(cell)[j] + i_gate * g_gate;
                \(cell)[j] = cell;
                features[j] = o_gate * tanhf(cell);
        """
        case .gru: """
                const float r_gate = \(sigmoid(0));
                const float z_gate = \(sigmoid(1));
                const float n_gate = tanhf(a[\(2 * h) + j] + r_gate * b[\(2 * h) + j]);
                features[j] = (1.0f - z_gate) * n_gate + z_gate * \(hidden)[j];
        """
        }
        return """
        /* One \(self.cell.rawValue.uppercased()) step for one input: a = bi + x . Wi and b = bh + h . Wh (each sum in input order),
         * then the gates (sigma(v) = 1 / (1 + expf(-v))) and the new state; features receives the new h. */
        static inline void \(name)(\(stateType) *state, const float *x, float *features)
        {
            float a[\(g)], b[\(g)];
            int i, j;
            for (j = 0; j < \(g); ++j) {
                a[j] = \(inputBias)[j];
                b[j] = \(hiddenBias)[j];
            }
            for (i = 0; i < \(inputSize); ++i) {
                const float v = x[i];
                const float *row = \(inputWeights) + i * \(g);
                for (j = 0; j < \(g); ++j) a[j] = a[j] + v * row[j];
            }
            for (i = 0; i < \(h); ++i) {
                const float v = \(hidden)[i];
                const float *row = \(hiddenWeights) + i * \(g);
                for (j = 0; j < \(g); ++j) b[j] = b[j] + v * row[j];
            }
            for (j = 0; j < \(h); ++j) {
        \(update)
            }
            for (j = 0; j < \(h); ++j) \(hidden)[j] = features[j];
        }


        """
    }
}
