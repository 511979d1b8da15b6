import Foundation
import SwiftRLAlgorithms
import SwiftRLCheckpoint
import SwiftRLCore
import SwiftRLEnvironments

/// The content of `policy.json`: a trained policy with what is needed to run it again.
public struct SavedPolicy: Sendable, Hashable, Codable {
    /// The algorithm that trained it.
    public var algorithm: AlgorithmName
    /// The registered name of the environment it acts in.
    public var environment: String
    /// The training run's seed.
    public var seed: UInt64
    /// The policy.
    public var policy: DeterministicPolicy

    /// Creates a saved policy.
    public init(algorithm: AlgorithmName, environment: String, seed: UInt64, policy: DeterministicPolicy) {
        self.algorithm = algorithm
        self.environment = environment
        self.seed = seed
        self.policy = policy
    }

    /// The largest `policy.json` ``load(from:)`` reads (256 MiB, about 15 million parameters).
    public static let sizeLimit = 256 << 20

    /// Reads a saved policy from `url`, checking that its network's shape and parameters, head,
    /// action bounds and normalization fit together (``SwiftRLAlgorithms/DeterministicPolicy/validate()``).
    /// - Throws: ``RunFileError/cannotRead(path:reason:)`` when the file is missing, larger than
    ///   ``sizeLimit``, or not a valid policy, naming the field.
    public static func load(from url: URL) throws(RunFileError) -> SavedPolicy {
        let data: Data
        do {
            data = Data(try LimitedFile.read(url, limit: sizeLimit))
        } catch {
            throw .cannotRead(path: url.path, reason: error.description)
        }
        do {
            return try JSONDecoder().decode(SavedPolicy.self, from: data)
        } catch let error as DecodingError {
            throw .cannotRead(path: url.path, reason: "not a valid saved policy: \(error.summary)")
        } catch {
            throw .cannotRead(path: url.path, reason: "not a valid saved policy (\(error))")
        }
    }

    /// The policy as pretty-printed JSON with sorted keys (the same policy gives the same bytes).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Plays `episodes` episodes of a fresh `environment`, episode `i` reset with seed `seed + i`.
    /// - Throws: ``EnvironmentError`` for an unregistered environment, ``TrainingError`` when the
    ///   policy does not fit the environment or the environment returns non-finite values.
    public func evaluate(episodes: Int, seed: UInt64) throws -> EvaluationResult {
        try Self.evaluate(policy, environment: environment, episodes: episodes, seed: seed)
    }

    /// Plays `episodes` episodes of a fresh instance of the registered environment `environment` with
    /// `policy`, episode `i` reset with seed `seed + i`.
    /// - Throws: as ``evaluate(episodes:seed:)``.
    public static func evaluate(_ policy: DeterministicPolicy, environment name: String, episodes: Int,
                                seed: UInt64) throws -> EvaluationResult {
        let environment = try EnvironmentRegistry.make(name)
        let observationDimension = environment.observationSpace.dimension
        guard policy.observationDimension == observationDimension else {
            throw TrainingError.observationSize(expected: policy.observationDimension, found: observationDimension)
        }
        guard policy.actionDimension == environment.actionSpace.dimension else {
            throw PolicyMismatchError(environment: name, policyActions: policy.actionDimension,
                                      environmentActions: environment.actionSpace.dimension)
        }
        return try Evaluation.run(environment: environment, episodes: episodes, seed: seed, policy: policy)
    }
}

/// A policy whose action length differs from its environment's.
public struct PolicyMismatchError: Error, CustomStringConvertible, Equatable {
    /// The environment's name.
    public var environment: String
    /// Actions the policy outputs.
    public var policyActions: Int
    /// Actions the environment takes.
    public var environmentActions: Int

    public var description: String {
        "the policy outputs \(policyActions) action values, \(environment) takes \(environmentActions)"
    }
}
