import Foundation
import Testing

import SwiftRLCore
import SwiftRLNN

/// Shapes and parameters read from files are checked before any network is built from them.
@Suite("Network validation")
struct NetworkValidationTests {
    private static let shape = MLPArchitecture(inputSize: 3, hiddenSizes: [4], outputSize: 2)

    /// `network` encoded as JSON, with `edit` applied to its text.
    private func decode(_ network: MLP, editing edit: (String) -> String) throws -> MLP {
        let text = String(decoding: try JSONEncoder().encode(network), as: UTF8.self)
        return try JSONDecoder().decode(MLP.self, from: Data(edit(text).utf8))
    }

    @Test("a network decodes back to itself")
    func roundTrip() throws {
        var generator = RandomGenerator(seed: 1)
        let network = MLP(architecture: Self.shape, generator: &generator)
        #expect(try decode(network) { $0 } == network)
    }

    @Test("shapes that disagree with the parameters, sizes out of range and non-finite values are refused",
          arguments: [
              (#""hiddenSizes":[4]"#, #""hiddenSizes":[5]"#, "need"),
              (#""hiddenSizes":[4]"#, #""hiddenSizes":[0]"#, "outside 1..."),
              (#""hiddenSizes":[4]"#, #""hiddenSizes":[1048577]"#, "outside 1..."),
              (#""inputSize":3"#, #""inputSize":-1"#, "outside 1..."),
              (#""parameters":["#, #""parameters":[1e39,"#, "not valid JSON"),
          ])
    func invalidNetworksAreRefused(old: String, new: String, fragment: String) throws {
        var generator = RandomGenerator(seed: 1)
        let network = MLP(architecture: Self.shape, generator: &generator)
        let error = try #require(throws: DecodingError.self) {
            try decode(network) { text in
                #expect(text.contains(old))
                return text.replacingOccurrences(of: old, with: new)
            }
        }
        #expect(error.summary.contains(fragment), "\(error.summary)")
    }

    @Test("the parameter count is computed with checked arithmetic")
    func parameterCountOverflow() {
        #expect(MLPArchitecture.checkedParameterCount(layerSizes: [3, 4, 2]) == 26)
        #expect(MLPArchitecture.checkedParameterCount(layerSizes: [Int.max, 2]) == nil)
        #expect(MLPArchitecture.checkedParameterCount(layerSizes: [1 << 40, 1 << 40]) == nil)
        #expect(throws: NetworkShapeError.self) {
            try MLPArchitecture(validatingInputSize: 3, hiddenSizes: Array(repeating: 8, count: 257), outputSize: 1)
        }
    }

    @Test("a parameter vector of another length or with NaN is refused without trapping")
    func parametersAreChecked() {
        #expect(throws: NetworkShapeError.self) { try MLP(architecture: Self.shape, validatingParameters: [1, 2]) }
        let parameters = [Float](repeating: 0.5, count: Self.shape.parameterCount)
        #expect(throws: Never.self) { try MLP(architecture: Self.shape, validatingParameters: parameters) }
        var withNaN = parameters
        withNaN[7] = .nan
        #expect(throws: NetworkShapeError("parameter 7 is nan, not a finite number")) {
            try MLP(architecture: Self.shape, validatingParameters: withNaN)
        }
    }

    @Test("a generator state that cannot occur is refused")
    func impossibleGenerator() throws {
        let zero = #"{"s0":0,"s1":0,"s2":0,"s3":0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RandomGenerator.self, from: Data(zero.utf8)) }
        let generator = RandomGenerator(seed: 5)
        let decoded = try JSONDecoder().decode(RandomGenerator.self, from: try JSONEncoder().encode(generator))
        #expect(decoded == generator)
    }
}
