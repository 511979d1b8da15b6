import SwiftRLAlgorithms
import SwiftRLNN

/// The C functions of an exported header: the kernels the layers call and the policy's `evaluate`,
/// which runs the layers' own C statements (``SwiftRLNN/DenseLayer/cStatements(prefix:input:output:weights:biases:)``)
/// between the observation normalization and the distribution's head, every float operation in
/// the order SwiftRL's single-observation forward pass uses, so that the results are bit-identical
/// on the same hardware and math library.
enum CHeaderCode {
    /// The kernels the network's layers use (each defined once, see ``SwiftRLNN/CKernel``), a
    /// recurrent policy's state type, `reset` and memory step, then `evaluate`.
    /// `layers` are the policy network's (``SwiftRLNN/Sequential/denseLayers``).
    static func functions(prefix p: String, policy: DeterministicPolicy, layers: [DenseLayer]) -> String {
        let kernels = Set(layers.flatMap(\.cKernels)).sorted()
        return kernels.map { $0.definition(prefix: p) }.joined() + (policy.memory.map { memory(p, $0) } ?? "")
            + evaluate(p, policy: policy, layers: layers)
    }

    private static func memory(_ p: String, _ layer: RecurrentLayer) -> String {
        let reset = layer.shape.cell == .lstm ? "state->h[j] = 0.0f;\n        state->c[j] = 0.0f;" : "state->h[j] = 0.0f;"
        return layer.shape.cStateType(prefix: p) + """
            /* Zeroes the state: call it before each episode's first step. */
            static inline void \(p)_reset(\(p)_state *state)
            {
                int j;
                for (j = 0; j < \(layer.shape.hiddenSize); ++j) {
                    \(reset)
                }
            }


            """ + layer.shape.cStepFunction(name: "\(p)_memory_step", stateType: "\(p)_state", hidden: "state->h",
                                            cell: "state->c", inputWeights: "\(p)_\(CHeaderFormat.memoryInputWeightsName)",
                                            hiddenWeights: "\(p)_\(CHeaderFormat.memoryHiddenWeightsName)",
                                            inputBias: "\(p)_\(CHeaderFormat.memoryInputBiasName)",
                                            hiddenBias: "\(p)_\(CHeaderFormat.memoryHiddenBiasName)")
    }

    private static func evaluate(_ p: String, policy: DeterministicPolicy, layers: [DenseLayer]) -> String {
        let sizes = [layers[0].inputs] + layers.map(\.outputs)
        var body = ""
        for layer in layers.indices {
            body += "    float h\(layer + 1)[\(sizes[layer + 1])];\n"
        }
        for (index, layer) in layers.enumerated() {
            body += layer.cStatements(prefix: p, input: index == 0 ? "input" : "h\(index)", output: "h\(index + 1)",
                                      weights: "\(p)_\(CHeaderFormat.weightsName(layer: index))",
                                      biases: "\(p)_\(CHeaderFormat.biasesName(layer: index))")
        }
        let last = "h\(layers.count)"
        var normalization = ""
        var stackBytes = sizes.dropFirst().reduce(0, +) * 4
        if let memory = policy.memory {
            body = "    float features[\(memory.shape.hiddenSize)];\n    \(p)_memory_step(state, input, features);\n"
                + body.replacingOccurrences(of: "(input, ", with: "(features, ")
            stackBytes += (memory.shape.hiddenSize + 2 * memory.shape.gateWidth) * 4
        }
        if policy.observationNormalization != nil {
            // Each value as ObservationNormalization.apply computes it: min(max((o − mean) / std, −clip), clip).
            normalization = """
                float normalized[\(policy.observationDimension)];
                for (i = 0; i < \(policy.observationDimension); ++i) {
                    const float x = (input[i] - \(p)_\(CHeaderFormat.observationMeanName)[i]) / \(p)_\(CHeaderFormat.observationStdName)[i];
                    const float low = x > -\(p)_OBSERVATION_CLIP ? x : -\(p)_OBSERVATION_CLIP;
                    normalized[i] = low < \(p)_OBSERVATION_CLIP ? low : \(p)_OBSERVATION_CLIP;
                }

            """
            stackBytes += policy.observationDimension * 4
            body = body.replacingOccurrences(of: "(input, ", with: "(normalized, ")
                .replacingOccurrences(of: "(state, input, ", with: "(state, normalized, ")
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
        let (parameters, stateNote) = policy.memory == nil ? ("", "")
            : ("\(p)_state *state, ", "\n * The policy's memory advances in *state (zeroed by \(p)_reset at each episode's start).")
        return """
        /* The deterministic action for one observation: input[\(p)_INPUT_DIM] -> output[\(p)_OUTPUT_DIM],
         * in the environment's units. Intermediate values live on the stack (\(stackBytes) bytes).\(stateNote) */
        static inline void \(p)_evaluate(\(parameters)const float *input, float *output)
        {
            \(declarations)
        \(normalization)\(body)\(head)}

        """
    }
}
