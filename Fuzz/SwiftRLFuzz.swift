import Foundation
import SwiftRL

/// libFuzzer targets for every parser of files SwiftRL reads, in one binary; the environment
/// variable `SWIFTRL_FUZZ_TARGET` picks one:
///
/// - `config`: YAML configuration text (``RunConfiguration/load(yaml:source:overrides:)``);
/// - `safetensors`: a safetensors file (``SwiftRLCheckpoint/SafeTensors/init(bytes:)``);
/// - `checkpoint`: `checkpoint.json`, sealed for a real checkpoint's tensors and decoded with them
///   (``SwiftRLCheckpoint/Checkpoint/decode(sealedMetadata:tensors:directory:)``);
/// - `policy`: `policy.json` (``SavedPolicy``), then, when it loads, one action;
/// - `header`: an exported C header (``SwiftRLCheckpoint/Policy/init(header:)``), then one action.
///
/// A parser may refuse any input with an error; the fuzzer looks for traps, crashes, leaks of
/// time and memory. Built with `-DSWIFTRL_FUZZING` and `--sanitize=fuzzer` (see
/// `scripts/libfuzz.sh`), libFuzzer drives ``fuzzOneInput(_:_:)``; in a plain build, the
/// executable replays the files named on its command line through the chosen target instead.
enum FuzzTarget: String, CaseIterable {
    case config, safetensors, checkpoint, policy, header

    /// The target named by `SWIFTRL_FUZZ_TARGET`.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["SWIFTRL_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("set SWIFTRL_FUZZ_TARGET to one of: \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// The tensors of a short SAC run's checkpoint, which `checkpoint` inputs are decoded with.
    static let checkpointTensors: [UInt8] = {
        do {
            var configuration = SACConfiguration()
            configuration.steps = 40
            configuration.warmupSteps = 20
            configuration.batchSize = 8
            configuration.actor.hiddenSizes = [4]
            configuration.critic.hiddenSizes = [4]
            let state = try SAC(environment: EnvironmentRegistry.make("Pendulum-v1"), configuration: configuration)
                .makeState(seed: 1, pool: ThreadPool(threadCount: 1))
            while try !state.step() {}
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swiftrl-fuzz-\(getpid())")
            try? FileManager.default.removeItem(at: directory)
            try Checkpoint(session: state).write(to: directory)
            defer { try? FileManager.default.removeItem(at: directory) }
            return [UInt8](try Data(contentsOf: directory.appendingPathComponent(Checkpoint.tensorsFileName)))
        } catch {
            fatalError("cannot make the checkpoint the fuzzer decodes with: \(error)")
        }
    }()

    /// Runs the input through the target's parser (and, for policies, one action).
    func run(_ bytes: [UInt8]) {
        switch self {
        case .config:
            _ = try? RunConfiguration.load(yaml: String(decoding: bytes, as: UTF8.self))
        case .safetensors:
            _ = try? SafeTensors(bytes: bytes)
        case .checkpoint:
            let tensors = Self.checkpointTensors
            _ = try? Checkpoint.decode(sealedMetadata: CheckpointSeal.sealed(metadata: bytes, tensors: tensors),
                                       tensors: tensors, directory: URL(fileURLWithPath: "fuzz"))
        case .policy:
            if let saved = try? JSONDecoder().decode(SavedPolicy.self, from: Data(bytes)) {
                _ = try? saved.policy.action(for: [Float](repeating: 0.5, count: saved.policy.observationDimension))
            }
        case .header:
            if let policy = try? Policy(header: String(decoding: bytes, as: UTF8.self)) {
                _ = try? policy.evaluate([Float](repeating: 0.5, count: policy.observationDimension))
            }
        }
    }
}

/// libFuzzer's entry point: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

#if !SWIFTRL_FUZZING
/// Replays the files named on the command line (crash reproducers, a corpus) through the target.
@main
enum FuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): unreadable")
                continue
            }
            FuzzTarget.selected.run([UInt8](data))
            print("\(path): done")
        }
    }
}
#endif
