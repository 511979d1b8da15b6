import SwiftRLAlgorithms

/// Names shared by the header writer and reader, so both sides agree on the format.
enum CHeaderFormat {
    /// The format version this SwiftRL writes and reads.
    static let version = 1
    /// The marker on the header's first line.
    static let versionKey = "swiftrl-header-version"
    /// The default prefix of every C name in the header.
    static let defaultPrefix = "swiftrl_policy"

    /// Keys of the machine-readable lines in the header's comment block, `key: value`.
    enum Key {
        static let prefix = "swiftrl-prefix"
        static let algorithm = "swiftrl-algorithm"
        static let environment = "swiftrl-environment"
        static let seed = "swiftrl-seed"
        static let steps = "swiftrl-steps"
        static let evaluationReturn = "swiftrl-evaluation-return"
        static let layers = "swiftrl-layers"
        static let activations = "swiftrl-activations"
        static let squashing = "swiftrl-squashing"
        static let observationNormalization = "swiftrl-observation-normalization"
        static let exampleCount = "swiftrl-example-count"
        static let checksum = "swiftrl-checksum"
        /// A recurrent policy's layer, `lstm H` or `gru H` (absent: feed-forward).
        static let recurrent = "swiftrl-recurrent"
    }

    /// Array names (after the prefix and `_`).
    static func weightsName(layer: Int) -> String { "layer\(layer)_weights" }
    static func biasesName(layer: Int) -> String { "layer\(layer)_biases" }
    static let observationMeanName = "observation_mean"
    static let observationStdName = "observation_std"
    static let actionLowName = "action_low"
    static let actionHighName = "action_high"
    static let exampleInputName = "example_input"
    static let exampleOutputName = "example_output"
    static let memoryInputWeightsName = "memory_input_weights"
    static let memoryHiddenWeightsName = "memory_hidden_weights"
    static let memoryInputBiasName = "memory_input_bias"
    static let memoryHiddenBiasName = "memory_hidden_bias"

    /// What follows the C functions: the end of the `extern "C"` block.
    static let codeEnd = "\n#ifdef __cplusplus\n}\n#endif\n"

    /// The include guard, whose closing `#endif` comment marks the end of a complete header.
    static func includeGuard(prefix: String) -> String { "\(prefix)_H_INCLUDED" }

    /// Whether `text` is a C identifier.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// The parameters' checksum as written in the header.
    static func checksumText(parameters: [Float], low: [Float], high: [Float],
                             normalization: ObservationNormalization?) -> String {
        // A recurrent policy's `parameters` are the network's followed by the recurrent layer's.
        let normalizationValues = normalization.map { $0.mean + $0.standardDeviation + [$0.clip] } ?? []
        let hash = ParameterChecksum.of(parameters + low + high + normalizationValues)
        let digits = String(hash, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
