import SwiftRLAlgorithms
import SwiftRLNN

/// The C functions of an exported header: the layers and the policy's `evaluate`, written so that
/// every float operation happens in the order SwiftRL's single-observation forward pass uses
/// (``SwiftRLNN/MLP`` through `MatrixMultiply` with one row), which makes the results bit-identical
/// on the same hardware and math library.
enum CHeaderCode {
    /// Whether SwiftRL's matrix product takes the narrow (SIMD16 dot product) path for a layer.
    static func isNarrow(inputs: Int, outputs: Int) -> Bool { outputs < 4 && inputs >= 16 }

    /// The helper functions the network needs, then `evaluate`.
    static func functions(prefix p: String, policy: DeterministicPolicy) -> String {
        let architecture = policy.network.architecture
        let sizes = architecture.layerSizes
        let layers = 0..<architecture.layerCount
        let activations = layers.map { architecture.activation(ofLayer: $0) }
        var text = ""
        if layers.contains(where: { !isNarrow(inputs: sizes[$0], outputs: sizes[$0 + 1]) }) { text += wide(p) }
        if layers.contains(where: { isNarrow(inputs: sizes[$0], outputs: sizes[$0 + 1]) }) { text += narrow(p) }
        if activations.contains(.relu) { text += relu(p) }
        if activations.contains(.tanh) { text += tanh(p) }
        if activations.contains(.fastTanh) { text += fastTanh(p) }
        return text + evaluate(p, policy: policy)
    }

    private static func wide(_ p: String) -> String {
        """
        /* out[j] = b[j] + in[0] * w[0][j] + in[1] * w[1][j] + ..., added in that order (SwiftRL's
         * kernel for layers with at least 4 outputs or fewer than 16 inputs). */
        static inline void \(p)_dense_wide(const float *in, const float *w, const float *b, float *out, int k, int n)
        {
            int p, j;
            for (j = 0; j < n; ++j) out[j] = b[j];
            for (p = 0; p < k; ++p) {
                const float x = in[p];
                const float *row = w + p * n;
                for (j = 0; j < n; ++j) out[j] = out[j] + x * row[j];
            }
        }


        """
    }

    private static func narrow(_ p: String) -> String {
        """
        /* out[j] = b[j] + (in . w[:][j]) summed as SwiftRL's narrow kernel does (layers with fewer than
         * 4 outputs and at least 16 inputs): 16 lane sums over whole blocks of 16 inputs, the lanes
         * added in order 0..15, then the remaining inputs one by one. */
        static inline void \(p)_dense_narrow(const float *in, const float *w, const float *b, float *out, int k, int n)
        {
            const int blocks = k - k % 16;
            int p, j, l;
            for (j = 0; j < n; ++j) {
                const float *column = w + j;
                float lanes[16];
                float sum;
                for (l = 0; l < 16; ++l) lanes[l] = 0.0f;
                for (p = 0; p < blocks; p += 16) {
                    for (l = 0; l < 16; ++l) lanes[l] = lanes[l] + in[p + l] * column[(p + l) * n];
                }
                sum = lanes[0];
                for (l = 1; l < 16; ++l) sum = sum + lanes[l];
                for (p = blocks; p < k; ++p) sum = sum + in[p] * column[p * n];
                out[j] = b[j] + sum;
            }
        }


        """
    }

    private static func relu(_ p: String) -> String {
        """
        /* max(x, 0) in place, as SwiftRL applies it: whole blocks of 16 keep -0 (x < 0 ? 0 : x), the
         * rest turn it into +0 (0 >= x ? 0 : x); NaN passes through both. */
        static inline void \(p)_relu(float *x, int n)
        {
            const int blocks = n - n % 16;
            int i;
            for (i = 0; i < blocks; ++i) x[i] = x[i] < 0.0f ? 0.0f : x[i];
            for (i = blocks; i < n; ++i) x[i] = 0.0f >= x[i] ? 0.0f : x[i];
        }


        """
    }

    private static func tanh(_ p: String) -> String {
        """
        /* tanh in place (tanhf from <math.h>, as SwiftRL calls it). */
        static inline void \(p)_tanh(float *x, int n)
        {
            int i;
            for (i = 0; i < n; ++i) x[i] = tanhf(x[i]);
        }


        """
    }

    private static func fastTanh(_ p: String) -> String {
        """
        /* RLtools' fast tanh in place, as SwiftRL computes it: x clamped to [-3, 3], then
         * x * (27 + x * x) / (27 + 9 * (x * x)). No library call. */
        static inline void \(p)_fast_tanh(float *x, int n)
        {
            int i;
            for (i = 0; i < n; ++i) {
                const float c = x[i] < -3.0f ? -3.0f : (x[i] > 3.0f ? 3.0f : x[i]);
                const float s = c * c;
                x[i] = c * (27.0f + s) / (27.0f + 9.0f * s);
            }
        }


        """
    }

    private static func evaluate(_ p: String, policy: DeterministicPolicy) -> String {
        let architecture = policy.network.architecture
        let sizes = architecture.layerSizes
        var body = ""
        for layer in 0..<architecture.layerCount {
            body += "    float h\(layer + 1)[\(sizes[layer + 1])];\n"
        }
        for layer in 0..<architecture.layerCount {
            let input = layer == 0 ? "input" : "h\(layer)"
            let kind = isNarrow(inputs: sizes[layer], outputs: sizes[layer + 1]) ? "narrow" : "wide"
            body += "    \(p)_dense_\(kind)(\(input), \(p)_\(CHeaderFormat.weightsName(layer: layer)), "
                + "\(p)_\(CHeaderFormat.biasesName(layer: layer)), h\(layer + 1), \(sizes[layer]), \(sizes[layer + 1]));\n"
            switch architecture.activation(ofLayer: layer) {
            case .identity: break
            case .relu: body += "    \(p)_relu(h\(layer + 1), \(sizes[layer + 1]));\n"
            case .tanh: body += "    \(p)_tanh(h\(layer + 1), \(sizes[layer + 1]));\n"
            case .fastTanh: body += "    \(p)_fast_tanh(h\(layer + 1), \(sizes[layer + 1]));\n"
            }
        }
        let last = "h\(architecture.layerCount)"
        var normalization = ""
        var stackBytes = sizes.dropFirst().reduce(0, +) * 4
        if policy.observationNormalization != nil {
            // Each value as ObservationNormalization.apply computes it: min(max((o − mean) / std, −clip), clip).
            normalization = """
                float normalized[\(sizes[0])];
                for (i = 0; i < \(sizes[0]); ++i) {
                    const float x = (input[i] - \(p)_\(CHeaderFormat.observationMeanName)[i]) / \(p)_\(CHeaderFormat.observationStdName)[i];
                    const float low = x > -\(p)_OBSERVATION_CLIP ? x : -\(p)_OBSERVATION_CLIP;
                    normalized[i] = low < \(p)_OBSERVATION_CLIP ? low : \(p)_OBSERVATION_CLIP;
                }

            """
            stackBytes += sizes[0] * 4
            body = body.replacingOccurrences(of: "(input, ", with: "(normalized, ")
        }
        let head: String
        switch policy.squashing {
        case .argmax:
            head = """
                /* the action is the index of the largest output (the first of equal ones) */
                for (i = 1, best = 0; i < \(sizes.last!); ++i) {
                    if (\(last)[i] > \(last)[best]) best = i;
                }
                output[0] = (float)best;

            """
        default:
            let (normalized, comment) = switch policy.squashing {
            case .tanhOfMean: ("tanhf(\(last)[i])", "the action in [-1, 1] is tanh of the mean (the first outputs)")
            case .clip: ("\(last)[i] < -1.0f ? -1.0f : (\(last)[i] > 1.0f ? 1.0f : \(last)[i])",
                         "the action in [-1, 1] is the mean, clipped")
            default: ("\(last)[i]", "the network's output is the action in [-1, 1]")
            }
            head = """
                /* \(comment), rescaled to [low, high] */
                for (i = 0; i < \(p)_OUTPUT_DIM; ++i) {
                    const float a = \(normalized);
                    output[i] = \(p)_action_low[i] + (a + 1.0f) * 0.5f * (\(p)_action_high[i] - \(p)_action_low[i]);
                }

            """
        }
        let declarations = policy.squashing == .argmax ? "int i, best;" : "int i;"
        return """
        /* The deterministic action for one observation: input[\(p)_INPUT_DIM] -> output[\(p)_OUTPUT_DIM],
         * in the environment's units. Intermediate values live on the stack (\(stackBytes) bytes). */
        static inline void \(p)_evaluate(const float *input, float *output)
        {
            \(declarations)
        \(normalization)\(body)\(head)}

        """
    }
}
