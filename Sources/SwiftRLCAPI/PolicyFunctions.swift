import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint

/// What a `swiftrl_policy *` points to.
final class PolicyHandle {
    let policy: Policy

    init(_ policy: Policy) {
        self.policy = policy
    }
}

private func policyHandle(_ pointer: OpaquePointer?) throws(CAPIError) -> PolicyHandle {
    guard let pointer else { throw CAPIError(.argument, "'policy' is NULL") }
    return Unmanaged<PolicyHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
}

func givePolicy(_ policy: Policy, to output: UnsafeMutablePointer<OpaquePointer?>?) throws(CAPIError) {
    let output = try required(output, "policy")
    output.pointee = OpaquePointer(Unmanaged.passRetained(PolicyHandle(policy)).toOpaque())
}

@_cdecl("swiftrl_policy_load")
public func cPolicyLoad(_ path: UnsafePointer<CChar>?, _ output: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    withStatus {
        output?.pointee = nil
        let path = try string(path, "path")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CAPIError(.policy, "cannot read '\(path)': no such file or directory")
        }
        let url = URL(fileURLWithPath: path, isDirectory: isDirectory.boolValue)
        try givePolicy(isDirectory.boolValue ? try Policy(checkpointAt: url) : try Policy(headerAt: url), to: output)
    }
}

@_cdecl("swiftrl_session_policy")
public func cSessionPolicy(_ session: OpaquePointer?, _ output: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let s = handle.session
        try givePolicy(Policy(s.policy, metadata: ExportMetadata(
            algorithm: handle.algorithm.displayName, environment: s.environmentName, seed: handle.seed,
            steps: s.environmentSteps, evaluationReturn: s.latestEvaluation?.returnMean)), to: output)
    }
}

@_cdecl("swiftrl_policy_free")
public func cPolicyFree(_ policy: OpaquePointer?) {
    guard let policy else { return }
    Unmanaged<PolicyHandle>.fromOpaque(UnsafeRawPointer(policy)).release()
}

@_cdecl("swiftrl_policy_dimensions")
public func cPolicyDimensions(_ policy: OpaquePointer?, _ observation: UnsafeMutablePointer<Int64>?,
                              _ action: UnsafeMutablePointer<Int64>?, _ state: UnsafeMutablePointer<Int64>?) -> Int32 {
    withStatus {
        let policy = try policyHandle(policy).policy
        try required(observation, "observation_dimension").pointee = Int64(policy.observationDimension)
        try required(action, "action_dimension").pointee = Int64(policy.actionDimension)
        try required(state, "state_dimension").pointee = Int64(policy.initialState.count)
    }
}

@_cdecl("swiftrl_policy_info_json")
public func cPolicyInfoJSON(_ policy: OpaquePointer?, _ json: StringOutput?) -> Int32 {
    withStatus {
        let policy = try policyHandle(policy).policy
        let d = policy.deterministicPolicy
        var info: [String: Any] = [
            "discrete": d.squashing == .argmax, "recurrent": d.memory.map { "\($0.shape.cell)" } ?? NSNull(),
            "observation_dimension": policy.observationDimension, "action_dimension": policy.actionDimension,
            "action_low": d.actionLow.map(Double.init), "action_high": d.actionHigh.map(Double.init),
        ]
        if let metadata = policy.metadata {
            info["algorithm"] = metadata.algorithm
            info["environment"] = metadata.environment
            info["seed"] = String(metadata.seed)
            info["steps"] = metadata.steps
            info["evaluation_return"] = JSONText.number(metadata.evaluationReturn)
        }
        try give(JSONText.encode(info), to: json, "json")
    }
}

@_cdecl("swiftrl_policy_evaluate")
public func cPolicyEvaluate(_ policy: OpaquePointer?, _ observation: UnsafePointer<Float>?, _ observationCount: Int64,
                            _ state: UnsafeMutablePointer<Float>?, _ stateCount: Int64,
                            _ action: UnsafeMutablePointer<Float>?, _ actionCount: Int64) -> Int32 {
    withStatus {
        let policy = try policyHandle(policy).policy
        let input = try floats(observation, observationCount, "observation")
        let result: [Float]
        if policy.initialState.isEmpty {
            result = try policy.evaluate(input)
        } else {
            var memory = try floats(state.map { UnsafePointer($0) }, stateCount, "state")
            result = try policy.evaluate(input, state: &memory)
            state!.update(from: memory, count: memory.count)
        }
        try write(result, to: action, capacity: actionCount, count: nil)
    }
}

@_cdecl("swiftrl_policy_export_header")
public func cPolicyExportHeader(_ policy: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ header: StringOutput?) -> Int32 {
    withStatus {
        let policy = try policyHandle(policy).policy
        let prefix = try string(name, "name")
        let metadata = policy.metadata ?? ExportMetadata(algorithm: "unknown", environment: "unknown", seed: 0, steps: 0)
        let text = try CHeaderExporter(prefix: prefix, metadata: metadata).header(for: policy.deterministicPolicy)
        try give(text, to: header, "header")
    }
}
