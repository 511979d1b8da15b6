import SwiftRLAlgorithms
import SwiftRLCore
import SwiftRLNN

/// Writes a ``SwiftRLAlgorithms/DeterministicPolicy`` as one self-contained C99 header: the weights
/// as exact hexadecimal literals, `PREFIX_evaluate` computing the deterministic action with the same
/// float operations as SwiftRL, example inputs with the actions SwiftRL computed for them, and a
/// comment block saying what was trained and how to call it. A recurrent policy's header adds a
/// state type, `PREFIX_reset(&state)`, and takes the state in `PREFIX_evaluate(&state, input, output)`;
/// its examples are one sequence from a reset state.
///
/// ```swift
/// let exporter = try CHeaderExporter(prefix: "pendulum", metadata: metadata)
/// let header = try exporter.header(for: state.policy)
/// ```
///
/// The header needs nothing but `<math.h>` (only when an activation uses `tanhf`): no allocation,
/// no `stdio`, no mutable global state. Every name starts with the prefix, so headers exported with
/// different prefixes can live in one program; it compiles as C99 and as C++.
public struct CHeaderExporter: Sendable {
    /// The prefix of every C name, a C identifier.
    public let prefix: String
    /// What was trained, for the comment block.
    public let metadata: ExportMetadata
    /// Observations whose actions the header lists as examples (nil or empty:
    /// ``defaultExampleInputs(dimension:)``).
    public let exampleInputs: [[Float]]?

    /// Creates an exporter.
    /// - Throws: ``ExportError/invalidPrefix(_:)`` when `prefix` is not a C identifier,
    ///   ``ExportError/invalidMetadata(field:value:)`` for names a comment line cannot carry.
    public init(prefix: String = "swiftrl_policy", metadata: ExportMetadata,
                exampleInputs: [[Float]]? = nil) throws(ExportError) {
        guard CHeaderFormat.isIdentifier(prefix) else { throw .invalidPrefix(prefix) }
        for (field, value) in [("algorithm", metadata.algorithm), ("environment", metadata.environment)] {
            guard !value.isEmpty, value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }),
                  !value.contains("*/") else { throw .invalidMetadata(field: field, value: value) }
        }
        self.prefix = prefix
        self.metadata = metadata
        self.exampleInputs = exampleInputs
    }

    /// Four fixed observations spread over [-1, 1] (seeded, so an export is reproducible).
    public static func defaultExampleInputs(dimension: Int) -> [[Float]] {
        var generator = RandomGenerator(seed: 0x5EED)
        return (0..<4).map { _ in (0..<dimension).map { _ in generator.uniform(-1, 1) } }
    }

    /// The header's text.
    /// - Throws: ``ExportError/nonFiniteValue(name:index:)`` for an infinite or NaN weight, bias,
    ///   bound or example, ``ExportError/exampleInputSize(expected:found:)``,
    ///   ``ExportError/unsupportedNetwork(_:)`` for a network of other layers than dense ones.
    public func header(for policy: DeterministicPolicy) throws(ExportError) -> String {
        let p = prefix
        guard let layers = policy.network.denseLayers else {
            throw .unsupportedNetwork(policy.network.layers.map { "\(type(of: $0))" }.joined(separator: ", "))
        }
        let inputs = exampleInputs.flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultExampleInputs(dimension: policy.observationDimension)
        var outputs = [[Float]]()
        var state = policy.initialState
        for input in inputs {
            guard let output = try? policy.action(for: input, state: &state) else {
                throw .exampleInputSize(expected: policy.observationDimension, found: input.count)
            }
            outputs.append(output)
        }
        let usesTanh = policy.memory != nil || policy.squashing == .tanhOfMean
            || layers.contains { $0.activation == .tanh }
        let includeGuard = CHeaderFormat.includeGuard(prefix: p)

        var text = comment(for: policy, layers: layers, exampleCount: inputs.count)
        text += """
        #ifndef \(includeGuard)
        #define \(includeGuard)
        \(usesTanh ? "\n#include <math.h>\n" : "")
        #define \(p)_INPUT_DIM \(policy.observationDimension)
        #define \(p)_OUTPUT_DIM \(policy.actionDimension)
        #define \(p)_EXAMPLE_COUNT \(inputs.count)
        \(try observationClip(policy))
        #if defined(__GNUC__)
        #define \(p)_UNUSED __attribute__((unused))
        #else
        #define \(p)_UNUSED
        #endif

        #ifdef __cplusplus
        extern "C" {
        #endif


        """
        for (index, layer) in layers.enumerated() {
            let offset = policy.network.parameterOffset(ofLayer: index), weightCount = layer.inputs * layer.outputs
            text += "/* Dense layer \(index): \(layer.inputs) inputs x \(layer.outputs) outputs, then "
                + "\(layer.activation.rawValue); weights[input][output], row-major. */\n"
            text += try array(CHeaderFormat.weightsName(layer: index),
                              policy.network.parameters[offset..<(offset + weightCount)])
            text += try array(CHeaderFormat.biasesName(layer: index),
                              policy.network.parameters[(offset + weightCount)..<(offset + weightCount + layer.outputs)])
        }
        if let memory = policy.memory {
            let s = memory.shape, p = memory.parameters
            text += "/* \(s.cell.rawValue.uppercased()) layer: \(s.inputSize) inputs, hidden size \(s.hiddenSize), gates "
                + (s.cell == .lstm ? "i, f, g, o" : "r, z, n") + " side by side; weights[input][gate * \(s.hiddenSize) + unit], row-major. */\n"
            text += try array(CHeaderFormat.memoryInputWeightsName, p[0..<s.hiddenWeightOffset])
            text += try array(CHeaderFormat.memoryHiddenWeightsName, p[s.hiddenWeightOffset..<s.inputBiasOffset])
            text += try array(CHeaderFormat.memoryInputBiasName, p[s.inputBiasOffset..<s.hiddenBiasOffset])
            text += try array(CHeaderFormat.memoryHiddenBiasName, p[s.hiddenBiasOffset..<s.parameterCount])
        }
        if let normalization = policy.observationNormalization {
            text += "/* Observation normalization: (observation - mean) / std, clamped to +-OBSERVATION_CLIP. */\n"
            text += try array(CHeaderFormat.observationMeanName, normalization.mean[...])
            text += try array(CHeaderFormat.observationStdName, normalization.standardDeviation[...])
        }
        if policy.squashing != .argmax {
            text += "/* Action bounds: the action in [-1, 1] becomes low + (a + 1) / 2 * (high - low). */\n"
            text += try array(CHeaderFormat.actionLowName, policy.actionLow[...])
            text += try array(CHeaderFormat.actionHighName, policy.actionHigh[...])
        }
        text += "/* \(inputs.count) example observations ([\(p)_EXAMPLE_COUNT][\(p)_INPUT_DIM]) and the actions SwiftRL "
            + "computed for them ([\(p)_EXAMPLE_COUNT][\(p)_OUTPUT_DIM])"
            + (policy.memory == nil ? ". */\n" : ", as one sequence from a reset state. */\n")
        text += try array(CHeaderFormat.exampleInputName, Array(inputs.joined())[...], unused: true)
        text += try array(CHeaderFormat.exampleOutputName, Array(outputs.joined())[...], unused: true)
        text += CHeaderCode.functions(prefix: p, policy: policy, layers: layers) + CHeaderFormat.codeEnd
        text += "\n#endif /* \(includeGuard) */\n"
        return text
    }

    /// The comment block: the version marker, what was trained, the shapes, how to call it, and
    /// the machine-readable `swiftrl-*` lines that ``Policy/init(header:)`` reads back.
    private func comment(for policy: DeterministicPolicy, layers dense: [DenseLayer], exampleCount: Int) -> String {
        let p = prefix, sizes = [dense[0].inputs] + dense.map(\.outputs)
        let layers = dense.map { "\($0.outputs) (\($0.activation.rawValue))" }
        let evaluation = metadata.evaluationReturn.map { "evaluation return \($0) (mean)" } ?? "not evaluated"
        let squashing = switch policy.squashing {
        case .none: "the network's output (in [-1, 1]),\n *   rescaled from [-1, 1] to the environment's [low, high]."
        case .tanhOfMean: "tanh of the first \(policy.actionDimension) outputs (the mean),\n"
            + " *   rescaled from [-1, 1] to the environment's [low, high]."
        case .clip: "the network's output (the Gaussian's mean) clipped to [-1, 1],\n"
            + " *   rescaled from [-1, 1] to the environment's [low, high]."
        case .argmax: "a discrete action: output[0] is the index of the largest of the \(policy.network.outputSize)\n"
            + " *   outputs (logits), as a float; cast it with (int)output[0]."
        }
        let memoryLine = policy.memory.map {
            "Memory: \($0.shape.cell.rawValue.uppercased()) of hidden size \($0.shape.hiddenSize) in front of the network "
                + "(\($0.shape.parameterCount) more parameters); the state lives in \(p)_state.\n * "
        } ?? ""
        let usage = policy.memory == nil ? """
             *     float observation[\(p)_INPUT_DIM] = { ... };
             *     float action[\(p)_OUTPUT_DIM];
             *     \(p)_evaluate(observation, action);
            """ : """
             *     \(p)_state state;
             *     \(p)_reset(&state);                              at each episode's start
             *     float observation[\(p)_INPUT_DIM] = { ... };
             *     float action[\(p)_OUTPUT_DIM];
             *     \(p)_evaluate(&state, observation, action);     once per step, in order
            """
        let normalization = policy.observationNormalization.map {
            "(observation - \(p)_observation_mean) / \(p)_observation_std, clamped to +-\($0.clip)"
        } ?? "none (observations go into the network as they are)"
        let activations = dense.map(\.activation.rawValue)
        let checksum = CHeaderFormat.checksumText(parameters: policy.network.parameters + (policy.memory?.parameters ?? []),
                                                  low: policy.actionLow,
                                                  high: policy.actionHigh, normalization: policy.observationNormalization)
        typealias K = CHeaderFormat.Key
        return """
        /* \(CHeaderFormat.versionKey): \(CHeaderFormat.version) */
        /*
         * \(p): a deterministic policy exported by SwiftRL.
         *
         * Trained with \(metadata.algorithm) on \(metadata.environment), seed \(metadata.seed), \
        \(metadata.steps) environment steps; \(evaluation).
         *
         * \(memoryLine)Network: \(sizes[0]) -> \(layers.joined(separator: " -> ")), \(policy.network.parameterCount) float32 parameters.
         * Observation normalization: \(normalization).
         * Action: \(squashing)
         *
         * Usage (C99 or C++; needs <math.h> at most, link with -lm if \(policy.memory == nil ? "tanhf needs" : "tanhf or expf need") it; no allocation,
         * no global mutable state):
         *
         *     #include "policy.h"
        \(usage)
         *
         * \(p)_example_input / \(p)_example_output hold \(exampleCount) observations and SwiftRL's actions\(policy.memory == nil ? "" : ",\n *   one sequence from a reset state").
         * Several policies fit in one program when exported with different prefixes (--name).
         * The float operations follow SwiftRL's order: without -ffast-math and without contraction of
         * a * b + c into FMA (ISO modes such as -std=c99 do not contract), a host with the same tanhf
         * gives SwiftRL's actions bit for bit. Training ran with fused multiply-adds; evaluation (this
         * header, SwiftRL's evaluation during training and `swiftrl eval`) multiplies and adds separately,
         * so it needs no FMA hardware.
         *
         * \(K.prefix): \(p)
         * \(K.algorithm): \(metadata.algorithm)
         * \(K.environment): \(metadata.environment)
         * \(K.seed): \(metadata.seed)
         * \(K.steps): \(metadata.steps)
         * \(K.evaluationReturn): \(metadata.evaluationReturn.map { "\($0)" } ?? "none")
         * \(K.layers): \(sizes.map(String.init).joined(separator: " "))
         * \(K.activations): \(activations.joined(separator: " "))
         * \(K.squashing): \(policy.squashing.rawValue)
         * \(K.observationNormalization): \(policy.observationNormalization.map { "clip \($0.clip)" } ?? "none")
         * \(K.exampleCount): \(exampleCount)
         * \(K.checksum): \(checksum)\(policy.memory.map { "\n * \(K.recurrent): \($0.shape.cell.rawValue) \($0.shape.hiddenSize)" } ?? "")
         */

        """
    }

    /// `#define PREFIX_OBSERVATION_CLIP`, with a newline, when the policy normalizes observations.
    private func observationClip(_ policy: DeterministicPolicy) throws(ExportError) -> String {
        guard let normalization = policy.observationNormalization else { return "" }
        guard let literal = HexFloat.literal(normalization.clip) else {
            throw .nonFiniteValue(name: "observation_clip", index: 0)
        }
        return "#define \(prefix)_OBSERVATION_CLIP \(literal)\n"
    }

    /// `static const float PREFIX_name[count] = { ... };` with exact literals, six to a line.
    private func array(_ name: String, _ values: ArraySlice<Float>, unused: Bool = false) throws(ExportError) -> String {
        var lines = [String](), line = [String]()
        for (index, value) in values.enumerated() {
            guard let literal = HexFloat.literal(value) else { throw .nonFiniteValue(name: name, index: index) }
            line.append(literal)
            if line.count == 6 {
                lines.append("    " + line.joined(separator: ", "))
                line = []
            }
        }
        if !line.isEmpty { lines.append("    " + line.joined(separator: ", ")) }
        let attribute = unused ? " \(prefix)_UNUSED" : ""
        return "static const float \(prefix)_\(name)[\(values.count)]\(attribute) = {\n"
            + lines.joined(separator: ",\n") + "\n};\n\n"
    }
}
