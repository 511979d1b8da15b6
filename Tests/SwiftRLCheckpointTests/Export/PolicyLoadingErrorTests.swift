import SwiftRLCheckpoint
import Testing

@Suite("Loading broken headers")
struct PolicyLoadingErrorTests {
    static let header = try! TestPolicies.header(TestPolicies.td3(), prefix: "td3")

    /// Loads `text`, expecting a ``PolicyLoadingError`` with a one-line description.
    func loadingError(_ text: String) -> PolicyLoadingError? {
        do {
            _ = try Policy(header: text)
            return nil
        } catch {
            #expect(!error.description.contains("\n"))
            return error
        }
    }

    @Test("text that is not a SwiftRL header")
    func notAHeader() {
        #expect(loadingError("#include <stdio.h>\nint main(void) { return 0; }\n") == .notASwiftRLHeader)
        #expect(loadingError("") == .notASwiftRLHeader)
    }

    @Test("another format version")
    func wrongVersion() {
        let text = Self.header.replacingOccurrences(of: "swiftrl-header-version: 1 ", with: "swiftrl-header-version: 2 ")
        #expect(loadingError(text) == .unsupportedVersion(found: "2", supported: 1))
    }

    @Test("a header cut anywhere is refused, never crashes", arguments: [0.05, 0.2, 0.5, 0.8, 0.95, 0.999])
    func truncated(fraction: Double) {
        let text = String(Self.header.prefix(Int(Double(Self.header.count) * fraction)))
        let error = loadingError(text)
        #expect(error != nil)
        if case .truncated = error {} else if fraction > 0.05 { Issue.record("expected truncated, got \(String(describing: error))") }
    }

    @Test("a changed weight fails the checksum")
    func corruptedWeight() throws {
        let weight = TestPolicies.td3().network.parameters[3]
        let literal = try #require(HexFloat.literal(weight))
        let changed = Self.header.replacingOccurrences(of: literal, with: try #require(HexFloat.literal(weight.nextUp)))
        guard case .mismatched(let detail) = loadingError(changed) else { Issue.record("expected mismatched"); return }
        #expect(detail.contains("checksum"))
    }

    @Test("garbage in an array or field is reported as corrupted")
    func corrupted() throws {
        let literal = try #require(HexFloat.literal(TestPolicies.td3().network.parameters[0]))
        let garbage = Self.header.replacingOccurrences(of: literal + ",", with: "0xZZp+0f,")
        guard case .corrupted = loadingError(garbage) else { Issue.record("expected corrupted"); return }
        let squashing = Self.header.replacingOccurrences(of: "swiftrl-squashing: none", with: "swiftrl-squashing: sigmoid")
        #expect(loadingError(squashing) == .corrupted("unknown squashing 'sigmoid'"))
        let seed = Self.header.replacingOccurrences(of: "swiftrl-seed: 7", with: "swiftrl-seed: -7")
        #expect(loadingError(seed) == .corrupted("seed '-7' is not an unsigned integer"))
    }

    @Test("layer sizes that disagree with the arrays are reported as mismatched")
    func mismatchedSizes() {
        let text = Self.header.replacingOccurrences(of: "swiftrl-layers: 11 17 5 2", with: "swiftrl-layers: 11 16 5 2")
        #expect(loadingError(text) == .mismatched("'td3_layer0_weights' has size 187, the layers need 176"))
    }

    @Test("example actions that the weights do not give are reported as mismatched")
    func mismatchedExamples() throws {
        let other = try TestPolicies.header(TestPolicies.td3(seed: 9), prefix: "td3")
        let start = try #require(other.range(of: "static const float td3_example_output"))
        let end = try #require(other.range(of: "};", range: start.upperBound..<other.endIndex))
        let ownStart = try #require(Self.header.range(of: "static const float td3_example_output"))
        let ownEnd = try #require(Self.header.range(of: "};", range: ownStart.upperBound..<Self.header.endIndex))
        let mixed = Self.header.replacingCharacters(in: ownStart.lowerBound..<ownEnd.upperBound,
                                                    with: other[start.lowerBound..<end.upperBound])
        guard case .mismatched(let detail) = loadingError(mixed) else { Issue.record("expected mismatched"); return }
        #expect(detail.hasPrefix("example 0's action differs"))
    }

    @Test("any single edit either loads the same policy or gives an error, never a crash")
    func singleEdits() {
        let characters = Array(Self.header)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var edited = characters
            let index = Int.random(in: 0..<edited.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: edited[index] = ["9", "x", "-", ",", "}", " ", "*"].randomElement(using: &generator)!
            case 1: edited.remove(at: index)
            default: edited.insert(",", at: index)
            }
            do {
                let policy = try Policy(header: String(edited))
                #expect(policy.deterministicPolicy == TestPolicies.td3(), "edit at \(index) loaded another policy")
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }
}

extension PolicyLoadingErrorTests {
    @Test("edited C code is reported as mismatched")
    func editedCode() {
        let text = Self.header.replacingOccurrences(of: "(a + 1.0f) * 0.5f", with: "(a + 1.0f) * 0.25f")
        #expect(loadingError(text) == .mismatched("its C functions differ from those SwiftRL writes for these layers (edited code?)"))
    }
}
