import Foundation
import SwiftRLAlgorithms
import SwiftRLCore
import SwiftRLEnvironments

/// The library's version.
let swiftRLVersion = "0.9.0"
nonisolated(unsafe) private let versionString: UnsafeMutablePointer<CChar> = strdup(swiftRLVersion)!
nonisolated(unsafe) private let kernelNames: [UnsafeMutablePointer<CChar>] = KernelVariant.allCases.map { strdup($0.description)! }

@_cdecl("swiftrl_last_error")
public func cLastError() -> UnsafePointer<CChar> {
    LastError.message
}

@_cdecl("swiftrl_free_string")
public func cFreeString(_ string: UnsafeMutablePointer<CChar>?) {
    free(string)
}

@_cdecl("swiftrl_version")
public func cVersion() -> UnsafePointer<CChar> {
    UnsafePointer(versionString)
}

@_cdecl("swiftrl_kernel_variant")
public func cKernelVariant() -> UnsafePointer<CChar> {
    UnsafePointer(kernelNames[KernelVariant.allCases.firstIndex(of: KernelVariant.selected) ?? 0])
}

@_cdecl("swiftrl_environments_json")
public func cEnvironmentsJSON(_ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    withStatus {
        let specs: [[String: Any]] = EnvironmentRegistry.specs.map { spec in
            var entry: [String: Any] = [
                "name": spec.name,
                "observation_low": spec.observationSpace.low.map(Double.init),
                "observation_high": spec.observationSpace.high.map(Double.init),
                "max_episode_steps": spec.maxEpisodeSteps,
                "reward_threshold": JSONText.number(spec.rewardThreshold),
            ]
            switch spec.actionSpace {
            case .box(let box):
                entry["action_low"] = box.low.map(Double.init)
                entry["action_high"] = box.high.map(Double.init)
            case .discrete(let count):
                entry["discrete_actions"] = count
            }
            return entry
        }
        try give(JSONText.encode(specs), to: json, "json")
    }
}

@_cdecl("swiftrl_configuration_json")
public func cConfigurationJSON(_ algorithm: UnsafePointer<CChar>?, _ configurationJSON: UnsafePointer<CChar>?,
                               _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    withStatus {
        let name = try AlgorithmName(named: try string(algorithm, "algorithm"))
        let text = configurationJSON == nil ? "{}" : try string(configurationJSON, "configuration_json")
        try give(try AlgorithmConfiguration(algorithm: name, json: text).json, to: json, "json")
    }
}
