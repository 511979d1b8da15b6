import Foundation
import SwiftRLAlgorithms
import SwiftRLNN

/// Reads a header written by ``CHeaderExporter`` back into a policy, its metadata and examples.
///
/// The `swiftrl-*` comment lines and the `static const float` arrays are read; the C functions are
/// not interpreted (SwiftRL's own inference runs the loaded policy) but must be exactly those SwiftRL
/// writes for the layers read. The checksum and the example actions are checked too, so an edited or
/// mixed-up header is refused.
struct CHeaderParser {
    /// What a header holds.
    struct Contents {
        var prefix: String
        var metadata: ExportMetadata
        var policy: DeterministicPolicy
        var exampleInputs: [[Float]]
        var exampleOutputs: [[Float]]
    }

    private let text: String
    private var fields: [String: String] = [:]

    init(text: String) {
        self.text = text
    }

    /// Parses and checks the whole header.
    mutating func parse() throws(PolicyLoadingError) -> Contents {
        try readFields()
        let prefix = try field(CHeaderFormat.Key.prefix)
        guard CHeaderFormat.isIdentifier(prefix) else { throw .corrupted("prefix '\(prefix)' is not a C identifier") }
        guard text.contains("#endif /* \(CHeaderFormat.includeGuard(prefix: prefix)) */") else {
            throw .truncated(missing: "the closing '#endif /* \(CHeaderFormat.includeGuard(prefix: prefix)) */'")
        }
        let metadata = try readMetadata()
        let layers = try readLayers()
        let squashingText = try field(CHeaderFormat.Key.squashing)
        guard let squashing = DeterministicPolicy.Squashing(rawValue: squashingText) else {
            throw .corrupted("unknown squashing '\(squashingText)'")
        }
        let actionDimension = try define(prefix, "OUTPUT_DIM")
        let outputCount = layers[layers.count - 1].outputs
        // A recurrent layer takes the observations and feeds the network; otherwise the network takes them.
        let inputDimension = try define(prefix, "INPUT_DIM")
        let memoryShape = try readRecurrentShape(inputSize: inputDimension)
        guard squashing.fits(outputs: outputCount, actionDimension: actionDimension) else {
            throw .mismatched("\(outputCount) outputs and \(actionDimension) actions do not fit squashing '\(squashingText)'")
        }
        guard (memoryShape?.hiddenSize ?? inputDimension) == layers[0].inputs else {
            throw .mismatched("the network takes \(layers[0].inputs) inputs, its input gives \(memoryShape?.hiddenSize ?? inputDimension)")
        }
        var parameters = [Float]()
        for (index, layer) in layers.enumerated() {
            parameters += try array(prefix, CHeaderFormat.weightsName(layer: index), count: layer.inputs * layer.outputs)
            parameters += try array(prefix, CHeaderFormat.biasesName(layer: index), count: layer.outputs)
        }
        let memory = try memoryShape.map { shape throws(PolicyLoadingError) in
            try RecurrentLayer(shape: shape, parameters: readMemoryParameters(prefix, shape))
        }
        let inputSize = memoryShape?.inputSize ?? layers[0].inputs
        let normalization = try readNormalization(prefix, dimension: inputSize)
        let boundCount = squashing == .argmax ? 0 : actionDimension
        let low = boundCount == 0 ? [] : try array(prefix, CHeaderFormat.actionLowName, count: boundCount)
        let high = boundCount == 0 ? [] : try array(prefix, CHeaderFormat.actionHighName, count: boundCount)
        let checksum = try field(CHeaderFormat.Key.checksum)
        guard checksum == CHeaderFormat.checksumText(parameters: parameters + (memory?.parameters ?? []), low: low,
                                                     high: high, normalization: normalization) else {
            throw .mismatched("the weights do not match the checksum \(checksum) (edited or corrupted values)")
        }
        let network: Sequential
        do {
            network = try Sequential(layers: layers, parameters: parameters)
        } catch {
            throw .corrupted("the network: \(error)")
        }
        let policy = DeterministicPolicy(network: network,
                                         squashing: squashing, actionLow: low, actionHigh: high,
                                         observationNormalization: normalization, memory: memory)
        guard text.contains(CHeaderCode.functions(prefix: prefix, policy: policy, layers: layers) + CHeaderFormat.codeEnd) else {
            throw .mismatched("its C functions differ from those SwiftRL writes for these layers (edited code?)")
        }
        let exampleCount = try integer(CHeaderFormat.Key.exampleCount)
        guard exampleCount > 0 && exampleCount <= 1 << 20 else { throw .corrupted("example count \(exampleCount)") }
        guard try define(prefix, "EXAMPLE_COUNT") == exampleCount else {
            throw .mismatched("\(prefix)_EXAMPLE_COUNT differs from the example count \(exampleCount)")
        }
        let inputs = try array(prefix, CHeaderFormat.exampleInputName, count: exampleCount * inputSize)
        let outputs = try array(prefix, CHeaderFormat.exampleOutputName, count: exampleCount * actionDimension)
        let exampleInputs = (0..<exampleCount).map { Array(inputs[($0 * inputSize)..<(($0 + 1) * inputSize)]) }
        let exampleOutputs = (0..<exampleCount).map { Array(outputs[($0 * actionDimension)..<(($0 + 1) * actionDimension)]) }
        var state = policy.initialState
        for (index, input) in exampleInputs.enumerated() {
            // Each example has the policy's input length (sliced so above), the state its width: the
            // action cannot fail. A recurrent policy's examples are one sequence.
            let action = (try? policy.action(for: input, state: &state)) ?? []
            guard action.map(\.bitPattern) == exampleOutputs[index].map(\.bitPattern) else {
                throw .mismatched("example \(index)'s action differs from the policy's (\(action) vs \(exampleOutputs[index]))")
            }
        }
        return Contents(prefix: prefix, metadata: metadata, policy: policy,
                        exampleInputs: exampleInputs, exampleOutputs: exampleOutputs)
    }

    /// The observation normalization the header declares (nil for `none` or no such line): its
    /// means, standard deviations (positive) and clip.
    private func readNormalization(_ prefix: String, dimension: Int) throws(PolicyLoadingError) -> ObservationNormalization? {
        guard let text = fields[CHeaderFormat.Key.observationNormalization], text != "none" else { return nil }
        let clip = try hexDefine(prefix, "OBSERVATION_CLIP")
        guard text == "clip \(clip)" else { throw .corrupted("observation normalization '\(text)'") }
        let mean = try array(prefix, CHeaderFormat.observationMeanName, count: dimension)
        let deviation = try array(prefix, CHeaderFormat.observationStdName, count: dimension)
        let normalization = ObservationNormalization(mean: mean, standardDeviation: deviation, clip: clip)
        guard normalization.isValid(dimension: dimension) else {
            throw .corrupted("the observation normalization's standard deviations and clip must be positive")
        }
        return normalization
    }

    /// A recurrent policy's layer shape from its `swiftrl-recurrent: CELL HIDDEN` line (nil without one).
    private func readRecurrentShape(inputSize: Int) throws(PolicyLoadingError) -> RecurrentShape? {
        guard let text = fields[CHeaderFormat.Key.recurrent] else { return nil }
        let parts = text.split(separator: " ")
        guard parts.count == 2, let cell = RecurrentCell(rawValue: String(parts[0])), let hidden = Int(parts[1]) else {
            throw .corrupted("recurrent layer '\(text)'")
        }
        let shape = RecurrentShape(cell: cell, inputSize: inputSize, hiddenSize: hidden)
        do {
            try shape.validate()
        } catch {
            throw .corrupted("recurrent layer '\(text)': \(error)")
        }
        return shape
    }

    /// A recurrent layer's four arrays, in SwiftRL's layout.
    private func readMemoryParameters(_ prefix: String, _ shape: RecurrentShape) throws(PolicyLoadingError) -> [Float] {
        try array(prefix, CHeaderFormat.memoryInputWeightsName, count: shape.hiddenWeightOffset)
            + array(prefix, CHeaderFormat.memoryHiddenWeightsName, count: shape.inputBiasOffset - shape.hiddenWeightOffset)
            + array(prefix, CHeaderFormat.memoryInputBiasName, count: shape.gateWidth)
            + array(prefix, CHeaderFormat.memoryHiddenBiasName, count: shape.gateWidth)
    }

    /// The value of `#define PREFIX_name VALUE` as a count.
    private func define(_ prefix: String, _ name: String) throws(PolicyLoadingError) -> Int {
        let value = try defineText(prefix, name)
        guard let number = Int(value), number > 0, number <= 1 << 20 else { throw .corrupted("\(prefix)_\(name) is '\(value)'") }
        return number
    }

    private func defineText(_ prefix: String, _ name: String) throws(PolicyLoadingError) -> String {
        let marker = "#define \(prefix)_\(name) "
        guard let start = text.range(of: marker) else { throw .truncated(missing: "#define \(prefix)_\(name)") }
        return String(text[start.upperBound...].prefix { !$0.isNewline }).trimmingCharacters(in: .whitespaces)
    }

    /// Reads the version marker and the `swiftrl-key: value` lines of the comment block.
    private mutating func readFields() throws(PolicyLoadingError) {
        let marker = CHeaderFormat.versionKey + ":"
        guard let versionRange = text.range(of: marker) else { throw .notASwiftRLHeader }
        let versionText = text[versionRange.upperBound...].prefix { $0 != "*" && !$0.isNewline }
            .trimmingCharacters(in: .whitespaces)
        guard versionText == String(CHeaderFormat.version) else {
            throw .unsupportedVersion(found: versionText.isEmpty ? "(none)" : versionText, supported: CHeaderFormat.version)
        }
        guard let commentEnd = text.range(of: "*/", range: versionRange.upperBound..<text.endIndex)
            .flatMap({ text.range(of: "*/", range: $0.upperBound..<text.endIndex) }) else {
            throw .truncated(missing: "the end of the comment block")
        }
        for line in text[..<commentEnd.lowerBound].split(whereSeparator: \.isNewline) {
            var content = line.drop { $0 == " " || $0 == "*" || $0 == "\t" }
            guard content.hasPrefix("swiftrl-"), let colon = content.firstIndex(of: ":") else { continue }
            let key = String(content[..<colon])
            content = content[content.index(after: colon)...]
            fields[key] = content.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    private func field(_ key: String) throws(PolicyLoadingError) -> String {
        guard let value = fields[key] else { throw .truncated(missing: "the '\(key)' line") }
        return value
    }

    private func integer(_ key: String) throws(PolicyLoadingError) -> Int {
        let value = try field(key)
        guard let number = Int(value), number >= 0 else { throw .corrupted("'\(key)' is '\(value)', not a count") }
        return number
    }

    private func readMetadata() throws(PolicyLoadingError) -> ExportMetadata {
        let seedText = try field(CHeaderFormat.Key.seed)
        guard let seed = UInt64(seedText) else { throw .corrupted("seed '\(seedText)' is not an unsigned integer") }
        let returnText = try field(CHeaderFormat.Key.evaluationReturn)
        var evaluationReturn: Double?
        if returnText != "none" {
            guard let value = Double(returnText) else { throw .corrupted("evaluation return '\(returnText)' is not a number") }
            evaluationReturn = value
        }
        return ExportMetadata(algorithm: try field(CHeaderFormat.Key.algorithm),
                              environment: try field(CHeaderFormat.Key.environment),
                              seed: seed, steps: try integer(CHeaderFormat.Key.steps),
                              evaluationReturn: evaluationReturn)
    }

    private func readLayers() throws(PolicyLoadingError) -> [DenseLayer] {
        let layersText = try field(CHeaderFormat.Key.layers)
        let sizes = layersText.split(separator: " ").map { Int($0) }
        guard sizes.count >= 2, let sizes = sizes as? [Int], sizes.allSatisfy({ $0 > 0 && $0 <= 1 << 20 }) else {
            throw .corrupted("layer sizes '\(layersText)'")
        }
        let activationsText = try field(CHeaderFormat.Key.activations)
        let activations = activationsText.split(separator: " ").map { Activation(rawValue: String($0)) }
        guard activations.count == sizes.count - 1, let activations = activations as? [Activation] else {
            throw .corrupted("activations '\(activationsText)' for layers '\(layersText)'")
        }
        return activations.indices.map { DenseLayer(inputs: sizes[$0], outputs: sizes[$0 + 1], activation: activations[$0]) }
    }

    /// The hexadecimal float of `#define PREFIX_define VALUE`.
    private func hexDefine(_ prefix: String, _ name: String) throws(PolicyLoadingError) -> Float {
        let value = try defineText(prefix, name)
        guard let number = HexFloat.value(of: value[...]) else { throw .corrupted("\(prefix)_\(name) is '\(value)'") }
        return number
    }

    /// The values of `static const float PREFIX_name[count] ... = { ... };`, checking the count.
    private func array(_ prefix: String, _ name: String, count: Int) throws(PolicyLoadingError) -> [Float] {
        let declaration = "static const float \(prefix)_\(name)["
        guard let start = text.range(of: declaration) else { throw .truncated(missing: "the array '\(prefix)_\(name)'") }
        let sizeText = text[start.upperBound...].prefix { $0 != "]" }
        guard Int(sizeText) == count else {
            throw .mismatched("'\(prefix)_\(name)' has size \(sizeText), the layers need \(count)")
        }
        guard let open = text.range(of: "{", range: start.upperBound..<text.endIndex),
              let close = text.range(of: "};", range: open.upperBound..<text.endIndex) else {
            throw .truncated(missing: "the end of the array '\(prefix)_\(name)'")
        }
        let items = text[open.upperBound..<close.lowerBound].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard items.count == count else {
            throw .mismatched("'\(prefix)_\(name)' lists \(items.count) values for size \(count)")
        }
        var values = [Float]()
        values.reserveCapacity(count)
        for (index, item) in items.enumerated() {
            guard let value = HexFloat.value(of: item[...]) else {
                throw .corrupted("\(prefix)_\(name)[\(index)] is '\(item)', not a finite hexadecimal float")
            }
            values.append(value)
        }
        return values
    }
}
