import CSwiftRL
import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLCore

/// A `char **` output of the C interface.
public typealias StringOutput = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

/// The handle behind a `swiftrl_session *`.
func sessionHandle(_ pointer: OpaquePointer?) throws(CAPIError) -> SessionHandle {
    guard let pointer else { throw CAPIError(.argument, "'session' is NULL") }
    return Unmanaged<SessionHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
}

@_cdecl("swiftrl_session_create")
public func cSessionCreate(
    _ algorithm: UnsafePointer<CChar>?, _ configurationJSON: UnsafePointer<CChar>?,
    _ environmentName: UnsafePointer<CChar>?, _ training: UnsafePointer<swiftrl_environment>?,
    _ evaluation: UnsafePointer<swiftrl_environment>?, _ seed: UInt64, _ threads: Int32,
    _ output: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    withStatus {
        let output = try required(output, "session")
        output.pointee = nil
        if let invalid = KernelVariant.invalidEnvironmentValue {
            throw CAPIError(.argument, "SWIFTRL_KERNELS is '\(invalid)'; expected avx512, avx2 or portable")
        }
        let name = try AlgorithmName(named: try string(algorithm, "algorithm"))
        let configuration = try AlgorithmConfiguration(
            algorithm: name, json: configurationJSON == nil ? "{}" : try string(configurationJSON, "configuration_json"))
        guard (0...ThreadPool.maximumThreadCount).contains(Int(threads)) else {
            throw CAPIError(.argument, "threads is \(threads); expected 0 (one per core) to \(ThreadPool.maximumThreadCount)")
        }
        let pool = threads == 0 ? ThreadPool.shared : ThreadPool(threadCount: Int(threads))
        let builtIn = environmentName == nil ? nil : try string(environmentName, "environment_name")
        let handle = try SessionHandle(
            algorithm: name, configuration: configuration, builtInEnvironment: builtIn,
            training: try builtIn == nil ? training.map { p throws(CAPIError) in try CallbackChannel(p, role: "training") } : nil,
            evaluation: try builtIn == nil ? evaluation.map { p throws(CAPIError) in try CallbackChannel(p, role: "evaluation") } : nil,
            seed: seed, pool: pool)
        output.pointee = OpaquePointer(Unmanaged.passRetained(handle).toOpaque())
    }
}

@_cdecl("swiftrl_session_free")
public func cSessionFree(_ session: OpaquePointer?) {
    guard let session else { return }
    Unmanaged<SessionHandle>.fromOpaque(UnsafeRawPointer(session)).release()
}

@_cdecl("swiftrl_session_configuration_json")
public func cSessionConfigurationJSON(_ session: OpaquePointer?, _ json: StringOutput?) -> Int32 {
    withStatus { try give(try sessionHandle(session).configuration.json, to: json, "json") }
}

@_cdecl("swiftrl_session_step")
public func cSessionStep(_ session: OpaquePointer?, _ finished: UnsafeMutablePointer<Int32>?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let finished = try required(finished, "finished")
        finished.pointee = try handle.training { try handle.session.step() } ? 1 : 0
    }
}

@_cdecl("swiftrl_session_set_stop_conditions")
public func cSessionSetStopConditions(_ session: OpaquePointer?, _ conditionsJSON: UnsafePointer<CChar>?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let text = try string(conditionsJSON, "conditions_json")
        let conditions: [StopCondition]
        do {
            conditions = try JSONDecoder().decode([StopCondition].self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw ConfigurationError.unreadable(path: "stop conditions", reason: error.summary)
        } catch {
            throw ConfigurationError.unreadable(path: "stop conditions", reason: "they are not a JSON list")
        }
        try handle.watch(conditions)
    }
}

@_cdecl("swiftrl_session_run")
public func cSessionRun(_ session: OpaquePointer?, _ maximumUnits: Int64, _ finished: UnsafeMutablePointer<Int32>?,
                        _ stoppedBy: StringOutput?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let finished = try required(finished, "finished")
        let stoppedBy = try required(stoppedBy, "stopped_by")
        stoppedBy.pointee = nil
        guard maximumUnits >= 0 else { throw CAPIError(.argument, "max_units is negative") }
        let result = try handle.run(maximumUnits: Int(maximumUnits))
        finished.pointee = result.finished ? 1 : 0
        if let condition = result.stoppedBy { try give(condition.description, to: stoppedBy, "stopped_by") }
    }
}

@_cdecl("swiftrl_session_status_json")
public func cSessionStatusJSON(_ session: OpaquePointer?, _ json: StringOutput?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let s = handle.session
        var metrics: [String: Any] = [:]
        if let latest = s.latestMetrics {
            for name in s.metricNames { metrics[name] = JSONText.number(latest[name]) }
        }
        let evaluation: Any = s.latestEvaluation.map {
            ["episodes": $0.episodes, "return_mean": JSONText.number($0.returnMean),
             "return_std": JSONText.number($0.returnStandardDeviation)] as [String: Any]
        } ?? NSNull()
        let status: [String: Any] = [
            "algorithm": handle.algorithm.rawValue, "environment": s.environmentName, "seed": handle.seed,
            "steps": s.environmentSteps, "total_steps": s.totalSteps, "episodes": s.episodes,
            "metric_names": s.metricNames, "metrics": metrics, "evaluation": evaluation,
            "observation_dimension": s.policy.observationDimension, "action_dimension": s.policy.actionDimension,
            "state_dimension": s.policy.stateWidth,
            "updates": (s as? any CollectedTransitionLearning)?.updates ?? NSNull(),
            "latest_episode": handle.latestEpisode.map {
                ["return": JSONText.number($0.return), "length": $0.length] as [String: Any]
            } ?? NSNull(),
        ]
        try give(JSONText.encode(status), to: json, "json")
    }
}

@_cdecl("swiftrl_session_action")
public func cSessionAction(_ session: OpaquePointer?, _ observation: UnsafePointer<Float>?, _ observationCount: Int64,
                           _ action: UnsafeMutablePointer<Float>?, _ actionCapacity: Int64,
                           _ actionCount: UnsafeMutablePointer<Int64>?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let input = try floats(observation, observationCount, "observation")
        let result = try handle.reading { try handle.session.action(for: input) }
        try write(result, to: action, capacity: actionCapacity, count: actionCount)
    }
}

@_cdecl("swiftrl_session_evaluate")
public func cSessionEvaluate(_ session: OpaquePointer?, _ episodes: Int32, _ seed: UInt64,
                             _ mean: UnsafeMutablePointer<Double>?, _ standardDeviation: UnsafeMutablePointer<Double>?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let mean = try required(mean, "return_mean"), standardDeviation = try required(standardDeviation, "return_std")
        guard episodes > 0 else { throw CAPIError(.argument, "episodes is \(episodes); expected at least 1") }
        let result = try handle.reading { try handle.session.evaluate(episodes: Int(episodes), seed: seed) }
        mean.pointee = result.returnMean
        standardDeviation.pointee = result.returnStandardDeviation
    }
}

@_cdecl("swiftrl_session_export_header")
public func cSessionExportHeader(_ session: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ header: StringOutput?) -> Int32 {
    withStatus {
        let handle = try sessionHandle(session)
        let prefix = try string(name, "name")
        let s = handle.session
        let metadata = ExportMetadata(algorithm: handle.algorithm.displayName, environment: s.environmentName, seed: handle.seed,
                                      steps: s.environmentSteps, evaluationReturn: s.latestEvaluation?.returnMean)
        let text = try handle.reading {
            let examples = ResetObservations.of(try handle.makeEvaluationEnvironment(), seeds: 0..<4)
            return try CHeaderExporter(prefix: prefix, metadata: metadata, exampleInputs: examples).header(for: s.policy)
        }
        try give(text, to: header, "header")
    }
}

/// `count` floats at `pointer` as an array.
func floats(_ pointer: UnsafePointer<Float>?, _ count: Int64, _ name: String) throws(CAPIError) -> [Float] {
    let pointer = try required(pointer, name)
    guard (0...Int64(CallbackChannel.maximumDimension)).contains(count) else {
        throw CAPIError(.argument, "'\(name)' count \(count) is out of range")
    }
    return Array(UnsafeBufferPointer(start: pointer, count: Int(count)))
}

/// Writes `values` into the caller's `capacity` floats and their count into `count` (optional).
func write(_ values: [Float], to output: UnsafeMutablePointer<Float>?, capacity: Int64,
           count: UnsafeMutablePointer<Int64>?) throws(CAPIError) {
    let output = try required(output, "action")
    guard capacity >= Int64(values.count) else {
        throw CAPIError(.argument, "the action has \(values.count) values but the buffer holds \(capacity)")
    }
    output.update(from: values, count: values.count)
    count?.pointee = Int64(values.count)
}
