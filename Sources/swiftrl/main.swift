import SwiftRL
import Foundation
let algo = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "sac"
let seed = UInt64(CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "1")!
let parallel = CommandLine.arguments.count > 3 ? CommandLine.arguments[3] == "1" : true
let env = try EnvironmentRegistry.make("Pendulum-v1")
let t0 = Date()
if algo == "sac" {
    let state = try SAC(environment: env).makeState(seed: seed, executor: PairedExecutor(parallel: parallel))
    while try !state.step() {}
    let t = Date().timeIntervalSince(t0)
    let r = try state.evaluate(episodes: 10)
    print("sac seed \(seed) train \(t) s eval \(r.returnMean) ± \(r.returnStandardDeviation) alpha \(state.agent.entropyCoefficient)")
} else {
    let state = try TD3(environment: env).makeState(seed: seed, executor: PairedExecutor(parallel: parallel))
    while try !state.step() {}
    let t = Date().timeIntervalSince(t0)
    let r = try state.evaluate(episodes: 10)
    print("td3 seed \(seed) train \(t) s eval \(r.returnMean) ± \(r.returnStandardDeviation)")
}
