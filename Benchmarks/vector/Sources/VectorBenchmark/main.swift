// Steps/s of CartPole-v1 in a vector of 1,024 environments with uniformly random actions, for the
// thread counts given as arguments (default: 1 and 2). Each repetition times 2,000 steps of all
// environments; the figure is the median over 7 repetitions, after 200 steps of warm-up. The
// actions are drawn in advance: 64 matrices of 1,024 uniform draws from {0, 1}, used in turn.
import Foundation
import SwiftRL

let environmentCount = 1_024
let stepsPerRepetition = 2_000
let warmUpSteps = 200
let repetitions = 7
let actionMatrices = 64
let threadCounts = CommandLine.arguments.count > 1 ? CommandLine.arguments.dropFirst().compactMap { Int($0) } : [1, 2]

var generator = RandomGenerator(seed: 1)
let actions = (0..<actionMatrices * environmentCount).map { _ in Float(generator.index(below: 2)) }

/// Seconds taken by `steps` steps of `environments`, cycling through the action matrices.
func time(_ environments: any VectorEnvironment, steps: Int, from actions: UnsafePointer<Float>) -> Double {
    let start = ContinuousClock.now
    for step in 0..<steps {
        environments.step(actions: actions + (step % actionMatrices) * environmentCount)
    }
    let elapsed = (ContinuousClock.now - start).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
}

print("CartPole-v1, \(environmentCount) environments, \(stepsPerRepetition) steps × \(repetitions) repetitions")
for threadCount in threadCounts {
    let environments = try EnvironmentRegistry.makeVector(
        "CartPole-v1", count: environmentCount, pool: ThreadPool(threadCount: threadCount)
    )
    environments.reset(seed: 0)
    let rates = actions.withUnsafeBufferPointer { actions in
        _ = time(environments, steps: warmUpSteps, from: actions.baseAddress!)
        return (0..<repetitions).map { _ in
            Double(environmentCount * stepsPerRepetition) / time(environments, steps: stepsPerRepetition, from: actions.baseAddress!)
        }.sorted()
    }
    let millions = rates.map { String(format: "%.1f", $0 / 1e6) }.joined(separator: " ")
    print("\(threadCount) thread(s): median \(String(format: "%.2f", rates[repetitions / 2] / 1e6)) M steps/s (all: \(millions))")
}
