import Foundation
import SwiftRL

// Usage: InferenceBenchmark HEADER_PATH
// Writes a [64, 64] SAC policy for Pendulum-v1 (3 observations, 1 action, randomly initialized with
// seed 1) to HEADER_PATH, then prints the median ns per call of SwiftRL's inference for one
// observation, as `name ns` lines:
//   action      DeterministicPolicy.action(for:) (allocates its arrays and a workspace per call)
//   forward     MLP.forward (the training kernels) into a reused capacity-1 workspace, then tanh and
//               rescaling (no allocation)
//   deployed    MLP.deployedOutput (the exported header's operations, as evaluation uses them), then
//               tanh and rescaling (no allocation)

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: InferenceBenchmark HEADER_PATH\n".utf8))
    exit(2)
}

var generator = RandomGenerator(seed: 1)
let network = MLP(architecture: .init(inputSize: 3, hiddenSizes: [64, 64], outputSize: 2), generator: &generator)
let policy = DeterministicPolicy(network: Sequential(network), squashing: .tanhOfMean, actionLow: [-2], actionHigh: [2])
let metadata = ExportMetadata(algorithm: "SAC", environment: "Pendulum-v1", seed: 1, steps: 0)
try CHeaderExporter(prefix: "bench", metadata: metadata).header(for: policy)
    .write(toFile: arguments[1], atomically: true, encoding: .utf8)

/// Median over `runs` runs of `calls` calls of `body`, in ns per call.
func median(runs: Int = 7, calls: Int, _ body: (Int) -> Float) -> Double {
    var sink: Float = 0
    var times = [Double]()
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        for call in 0..<calls { sink += body(call) }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(calls))
    }
    if sink == .infinity { print("") }
    return times.sorted()[runs / 2]
}

let calls = 200_000
var observation: [Float] = [0.3, -0.2, 0.5]
let action = median(calls: calls) { call in
    observation[0] = Float(call & 1023) * 1e-3
    return (try? policy.action(for: observation))?[0] ?? .nan
}
let workspace = MLPWorkspace(architecture: network.architecture, capacity: 1)
var input: [Float] = [0.3, -0.2, 0.5]
let forward = median(calls: calls) { call in
    input[0] = Float(call & 1023) * 1e-3
    input.withUnsafeBufferPointer { network.forward($0.baseAddress!, batchSize: 1, workspace: workspace) }
    return -2 + (Foundation.tanh(workspace.output[0]) + 1) * 0.5 * 4
}
var output: [Float] = [0, 0]
let deployed = median(calls: calls) { call in
    input[0] = Float(call & 1023) * 1e-3
    input.withUnsafeBufferPointer { input in
        output.withUnsafeMutableBufferPointer { network.deployedOutput(input.baseAddress!, into: $0.baseAddress!) }
    }
    return -2 + (Foundation.tanh(output[0]) + 1) * 0.5 * 4
}
print("action \(action)")
print("forward \(forward)")
print("deployed \(deployed)")
