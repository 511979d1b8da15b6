import Foundation
import SwiftRL
import SwiftRLDistributed

/// libFuzzer targets for every parser of files SwiftRL reads, in one binary; the environment
/// variable `SWIFTRL_FUZZ_TARGET` picks one:
///
/// - `config`: YAML configuration text (``RunConfiguration/load(yaml:source:overrides:)``);
/// - `configjson`: the C interface's and Python package's JSON configuration
///   (``SwiftRLAlgorithms/AlgorithmConfiguration/init(algorithm:json:)``), for the algorithm the
///   first byte picks;
/// - `safetensors`: a safetensors file (``SwiftRLCheckpoint/SafeTensors/init(bytes:)``);
/// - `checkpoint`: `checkpoint.json` without its checksum line, sealed for the tensors file named by
///   `SWIFTRL_FUZZ_TENSORS` and decoded with them
///   (``SwiftRLCheckpoint/Checkpoint/decode(sealedMetadata:tensors:directory:)``);
/// - `policy`: `policy.json` (``SavedPolicy``), then, when it loads, one action;
/// - `header`: an exported C header (``SwiftRLCheckpoint/Policy/init(header:)``), then one action;
/// - `network`: a ``SwiftRLNN/Sequential`` network's JSON, then, when it loads, one deployed step
///   and a forward and backward pass of two rows;
/// - `relay`: a message of the distributed roles' protocol (relay.proto), decoded and checked as
///   its receiver does; the first byte picks it (see ``RelayFuzzing``).
///
/// A parser may refuse any input with an error; the fuzzer looks for traps, crashes, leaks of
/// time and memory. Built with `-DSWIFTRL_FUZZING` and `--sanitize=fuzzer` (see
/// `scripts/libfuzz.sh`), libFuzzer drives ``fuzzOneInput(_:_:)``; in a plain build, the
/// executable replays the files named on its command line through the chosen target instead.
enum FuzzTarget: String, CaseIterable {
    case config, configjson, safetensors, checkpoint, policy, header, network, relay

    /// The target named by `SWIFTRL_FUZZ_TARGET`.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["SWIFTRL_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("set SWIFTRL_FUZZ_TARGET to one of: \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// The `tensors.safetensors` file named by `SWIFTRL_FUZZ_TENSORS`, which `checkpoint` inputs
    /// are decoded with (`scripts/libfuzz.sh` passes the seed checkpoint's).
    static let checkpointTensors: [UInt8] = {
        guard let path = ProcessInfo.processInfo.environment["SWIFTRL_FUZZ_TENSORS"],
              let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("the checkpoint target needs SWIFTRL_FUZZ_TENSORS: a tensors.safetensors file\n".utf8))
            exit(2)
        }
        return [UInt8](data)
    }()

    /// Runs the input through the target's parser (and, for policies, one action).
    /// - Returns: what happened, for replays: `accepted` or `refused: ERROR`.
    @discardableResult
    func run(_ bytes: [UInt8]) -> String {
        do {
            switch self {
            case .config:
                _ = try RunConfiguration.load(yaml: String(decoding: bytes, as: UTF8.self))
            case .configjson:
                let algorithms = AlgorithmName.allCases
                let algorithm = algorithms[Int(bytes.first ?? 0) % algorithms.count]
                _ = try AlgorithmConfiguration(algorithm: algorithm, json: String(decoding: bytes.dropFirst(), as: UTF8.self))
            case .safetensors:
                _ = try SafeTensors(bytes: bytes)
            case .checkpoint:
                let tensors = Self.checkpointTensors
                _ = try Checkpoint.decode(sealedMetadata: CheckpointSeal.sealed(metadata: bytes, tensors: tensors),
                                          tensors: tensors, directory: URL(fileURLWithPath: "fuzz"))
            case .policy:
                let saved = try JSONDecoder().decode(SavedPolicy.self, from: Data(bytes))
                _ = try saved.policy.action(for: [Float](repeating: 0.5, count: saved.policy.observationDimension))
            case .header:
                let policy = try Policy(header: String(decoding: bytes, as: UTF8.self))
                _ = try policy.evaluate([Float](repeating: 0.5, count: policy.observationDimension))
            case .network:
                try Self.runNetwork(JSONDecoder().decode(Sequential.self, from: Data(bytes)))
            case .relay:
                try RelayFuzzing.receive(bytes)
            }
            return "accepted"
        } catch {
            return "refused: \(error)"
        }
    }
}

extension FuzzTarget {
    /// One deployed step and a two-row forward and backward pass of a network that loaded.
    private static func runNetwork(_ network: Sequential) {
        let input = [Float](repeating: 0.5, count: 2 * network.inputSize)
        var state = [Float](repeating: 0, count: network.stateWidth), output = [Float](repeating: 0, count: network.outputSize)
        network.deployedStep(input, state: &state, output: &output)
        let workspace = SequentialWorkspace(network, capacity: 2)
        network.forward(input, time: 1, batch: 2, initialState: nil, episodeStarts: nil, workspace: workspace)
        var gradients = [Float](repeating: 0, count: network.parameterCount)
        network.backward(outputGradient: [Float](repeating: 1, count: 2 * network.outputSize), workspace: workspace,
                         parameterGradients: &gradients, inputGradient: nil)
    }
}

/// libFuzzer's entry point: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

#if !SWIFTRL_FUZZING
/// Replays the files named on the command line (crash reproducers, a corpus) through the target;
/// `--write-seeds DIR` writes the `relay` target's seed messages into DIR instead.
@main
enum FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--write-seeds", arguments.count == 2 {
            for (name, bytes) in RelayFuzzing.seeds
            where !FileManager.default.createFile(atPath: "\(arguments[1])/\(name)", contents: Data(bytes)) {
                print("cannot write \(arguments[1])/\(name)")
                exit(1)
            }
            return
        }
        for path in arguments {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): unreadable")
                continue
            }
            print("\(path): \(FuzzTarget.selected.run([UInt8](data)))")
        }
    }
}
#endif
