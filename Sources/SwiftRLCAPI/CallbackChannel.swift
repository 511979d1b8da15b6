import CSwiftRL
import SwiftRLEnvironments
import SwiftRLNN

/// One `swiftrl_environment` as given by the caller, checked: its spaces, its buffers and its two
/// callbacks. It keeps the first failure a callback reports, so that the C call that met it can
/// report it (``CallbackError``) rather than what followed from it.
final class CallbackChannel: @unchecked Sendable {
    /// The largest `count` accepted: as many as a vector of built-in environments holds.
    static let maximumCount = EnvironmentVector<CallbackEnvironment>.maximumEnvironmentCount
    /// The largest observation or action dimension accepted: the widest a network layer may be.
    static let maximumDimension = MLPArchitecture.widthLimit

    let name: String
    let count: Int
    let observationSpace: BoxSpace
    let actionSpace: ActionSpace
    private let callbacks: swiftrl_environment
    /// The first failure reported by a callback, if any.
    private(set) var failure: String?

    /// Checks `environment`; `role` names it in errors ("training" or "evaluation").
    init(_ environment: UnsafePointer<swiftrl_environment>, role: String) throws(CAPIError) {
        let e = environment.pointee
        func fail(_ reason: String) -> CAPIError { CAPIError(.argument, "the \(role) environment: \(reason)") }
        name = e.name.flatMap { String(validatingCString: $0) } ?? "python"
        guard (1...Self.maximumCount).contains(Int(e.count)) else { throw fail("count \(e.count) is not in 1...\(Self.maximumCount)") }
        guard (1...Self.maximumDimension).contains(Int(e.observation_dimension)) else {
            throw fail("observation_dimension \(e.observation_dimension) is not in 1...\(Self.maximumDimension)")
        }
        count = Int(e.count)
        guard let observationLow = e.observation_low, let observationHigh = e.observation_high else {
            throw fail("observation_low or observation_high is NULL")
        }
        observationSpace = try Self.box(low: observationLow, high: observationHigh, count: Int(e.observation_dimension),
                                        mustBeFinite: false, what: "observation", fail: fail)
        if e.discrete_actions > 0 {
            actionSpace = .discrete(count: Int(e.discrete_actions))
        } else {
            guard e.discrete_actions == 0 else { throw fail("discrete_actions is negative") }
            guard (1...Self.maximumDimension).contains(Int(e.action_dimension)) else {
                throw fail("action_dimension \(e.action_dimension) is not in 1...\(Self.maximumDimension)")
            }
            guard let actionLow = e.action_low, let actionHigh = e.action_high else { throw fail("action_low or action_high is NULL") }
            actionSpace = .box(try Self.box(low: actionLow, high: actionHigh, count: Int(e.action_dimension),
                                            mustBeFinite: true, what: "action", fail: fail))
        }
        guard e.observations != nil, e.actions != nil, e.rewards != nil, e.terminated != nil, e.truncated != nil,
              e.final_observations != nil else {
            throw fail("a buffer (observations, actions, rewards, terminated, truncated or final_observations) is NULL")
        }
        guard e.reset != nil, e.step != nil else { throw fail("the reset or step callback is NULL") }
        callbacks = e
    }

    private static func box(low: UnsafePointer<Float>, high: UnsafePointer<Float>, count: Int, mustBeFinite: Bool,
                            what: String, fail: (String) -> CAPIError) throws(CAPIError) -> BoxSpace {
        let lows = Array(UnsafeBufferPointer(start: low, count: count))
        let highs = Array(UnsafeBufferPointer(start: high, count: count))
        for i in 0..<count {
            guard !lows[i].isNaN, !highs[i].isNaN, lows[i] <= highs[i] else {
                throw fail("\(what) bound \(i) is [\(lows[i]), \(highs[i])]: a bound is NaN or low > high")
            }
            guard !mustBeFinite || (lows[i].isFinite && highs[i].isFinite) else {
                throw fail("\(what) bound \(i) is [\(lows[i]), \(highs[i])]: actions are scaled into their box, which must be finite")
            }
        }
        return BoxSpace(low: lows, high: highs)
    }

    /// The caller's buffers.
    var observations: UnsafeMutablePointer<Float> { callbacks.observations }
    var actions: UnsafeMutablePointer<Float> { callbacks.actions }
    var rewards: UnsafeMutablePointer<Double> { callbacks.rewards }
    var terminated: UnsafeMutablePointer<UInt8> { callbacks.terminated }
    var truncated: UnsafeMutablePointer<UInt8> { callbacks.truncated }
    var finalObservations: UnsafeMutablePointer<Float> { callbacks.final_observations }

    /// Calls `reset`; false (with ``failure`` set) when it reports a failure.
    func reset(seed: UInt64?) -> Bool {
        guard failure == nil else { return false }
        let status = callbacks.reset(callbacks.context, seed == nil ? 0 : 1, seed ?? 0)
        return record(status, "reset")
    }

    /// Calls `step`; false (with ``failure`` set) when it reports a failure.
    func step(autoreset: Bool) -> Bool {
        guard failure == nil else { return false }
        return record(callbacks.step(callbacks.context, autoreset ? 1 : 0), "step")
    }

    /// The failure a callback reported, cleared so that the channel can be used again.
    func takeFailure() -> String? {
        defer { failure = nil }
        return failure
    }

    private func record(_ status: Int32, _ callback: String) -> Bool {
        guard status != 0 else { return true }
        failure = "the environment's \(callback) callback failed (status \(status))"
        return false
    }
}
