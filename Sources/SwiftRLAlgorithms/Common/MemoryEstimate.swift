import Foundation
import SwiftRLEnvironments

/// How much memory a configuration's training run allocates, part by part, computed in floating
/// point from the configuration before anything is allocated (so no size can overflow), and
/// compared with what the machine has.
public struct MemoryEstimate: Sendable, Hashable {
    /// One part's share.
    public struct Part: Sendable, Hashable {
        /// What it is, such as "replay buffer".
        public var name: String
        /// Its size in bytes.
        public var bytes: Double
    }

    /// The parts, largest first.
    public private(set) var parts: [Part] = []

    /// The sum of the parts, in bytes.
    public var totalBytes: Double { parts.reduce(0) { $0 + $1.bytes } }

    /// Adds `floats` 4-byte values as `name`.
    mutating func add(_ name: String, floats: Double) {
        parts.append(Part(name: name, bytes: 4 * floats))
        parts.sort { $0.bytes > $1.bytes }
    }

    /// Adds a trained network: its parameters, gradients and two Adam moments (plus `extraCopies`
    /// such as a target network), and the activations and gradients of a batch of `batch` rows.
    mutating func addNetwork(_ name: String, layerSizes: [Int], batch: Int, extraCopies: Double = 0) {
        let sizes = layerSizes.map(Double.init)
        let parameters = zip(sizes, sizes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
        let widths = sizes.reduce(0, +)
        add(name, floats: (4 + extraCopies) * parameters + 3 * Double(batch) * widths)
    }

    /// Checks the estimate against `limit` bytes (by default the memory available now).
    /// - Throws: ``ConfigurationError/exceedsMemory(neededBytes:largestPart:largestPartBytes:availableBytes:)``.
    public func check(limit: Int? = nil) throws(ConfigurationError) {
        let available = limit.map(Double.init) ?? Self.availableBytes()
        guard totalBytes <= available else {
            throw .exceedsMemory(neededBytes: totalBytes, largestPart: parts.first?.name ?? "",
                                 largestPartBytes: parts.first?.bytes ?? 0, availableBytes: available)
        }
    }

    /// The memory available to a new allocation: Linux's `MemAvailable`, else the physical memory.
    public static func availableBytes() -> Double {
        if let meminfo = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) {
            return kilobytes * 1024
        }
        return Double(ProcessInfo.processInfo.physicalMemory)
    }
}

extension SACConfiguration {
    /// The memory a SAC run of this configuration allocates in `environment`.
    public func memoryEstimate(for environment: any Environment) -> MemoryEstimate {
        offPolicyMemoryEstimate(for: environment, actorOutputs: 2 * environment.actionSpace.dimension,
                                actorTargets: 0, actor: actor, critic: critic)
    }
}

extension TD3Configuration {
    /// The memory a TD3 run of this configuration allocates in `environment`.
    public func memoryEstimate(for environment: any Environment) -> MemoryEstimate {
        offPolicyMemoryEstimate(for: environment, actorOutputs: environment.actionSpace.dimension,
                                actorTargets: 1, actor: actor, critic: critic)
    }
}

extension OffPolicyConfiguration {
    /// The actor (with `actorTargets` target copies), the twin critics with their targets, and the
    /// replay buffer (never more than `steps` transitions).
    func offPolicyMemoryEstimate(for environment: any Environment, actorOutputs: Int, actorTargets: Double,
                                 actor: NetworkConfiguration, critic: NetworkConfiguration) -> MemoryEstimate {
        let observations = environment.observationSpace.dimension, actions = environment.actionSpace.dimension
        var estimate = MemoryEstimate()
        estimate.addNetwork("actor", layerSizes: [observations] + actor.hiddenSizes + [actorOutputs],
                            batch: 2 * batchSize, extraCopies: actorTargets)
        // Two critics of 4 vectors each plus their targets; activations for both and their targets.
        estimate.addNetwork("critics", layerSizes: [observations + actions] + critic.hiddenSizes + [1],
                            batch: 3 * batchSize, extraCopies: 6)
        let transitions = Double(Swift.min(replayCapacity, steps))
        estimate.add("replay buffer", floats: transitions * Double(2 * observations + actions + 2))
        return estimate
    }
}

extension PPOConfiguration {
    /// The memory a PPO run of this configuration allocates in `environment`: the two networks, and
    /// the rollout with its pre-drawn noise, values and advantages.
    public func memoryEstimate(for environment: any Environment) -> MemoryEstimate {
        let observations = environment.observationSpace.dimension
        let outputs: Int
        switch environment.actionSpace {
        case .discrete(let count): outputs = count
        case .box(let box): outputs = box.dimension
        }
        var estimate = MemoryEstimate()
        estimate.addNetwork("actor", layerSizes: [observations] + actor.hiddenSizes + [outputs], batch: batchSize)
        estimate.addNetwork("critic", layerSizes: [observations] + critic.hiddenSizes + [1], batch: batchSize)
        let rollout = Double(numEnvs) * Double(stepsPerEnv)
        let widest = Double(Swift.max(actor.hiddenSizes.max() ?? 0, critic.hiddenSizes.max() ?? 0))
        estimate.add("rollout", floats: rollout * (2 * Double(observations) + 2 * Double(outputs) + 10 + widest))
        if recurrent != .none {
            // Per network: the learner's pass over the rollout and the minibatch's pass, each caching
            // about 4 gate rows and 8 state rows per step.
            let h = Double(hiddenSize)
            estimate.add("recurrent layers", floats: 2 * (rollout + Double(batchSize)) * (Double(observations) + 12 * h))
        }
        return estimate
    }
}
