import Foundation
@testable import SwiftRL
import Testing

@Suite("Run configuration")
struct ConfigurationTests {
    private func load(file: String? = nil, _ assignments: [String]) throws -> RunConfiguration {
        try RunConfiguration.load(file: file, overrides: assignments.map(ConfigurationOverride.init(parsing:)))
    }

    /// The message of the error `body` throws, or nil.
    private func errorMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func defaultsAreSACOnPendulumForTenThousandStepsWithSeedOne() throws {
        let configuration = try RunConfiguration.load()
        #expect(configuration == RunConfiguration())
        #expect(configuration.algorithm == .sac)
        #expect(configuration.environment == "Pendulum-v1")
        #expect(configuration.seed == 1)
        #expect(configuration.algorithmConfiguration == .sac(SACConfiguration()))
        #expect(configuration.algorithmConfiguration.steps == 10_000)
    }

    @Test func choosingTD3GivesTD3Defaults() throws {
        #expect(try load(["algorithm=td3"]).algorithmConfiguration == .td3(TD3Configuration()))
    }

    @Test func choosingPPOGivesPPODefaultsAndItsKeys() throws {
        #expect(try load(["algorithm=ppo"]).algorithmConfiguration == .ppo(PPOConfiguration()))
        var expected = PPOConfiguration()
        expected.numEnvs = 16
        expected.targetKL = 0.02
        expected.distribution = .squashedGaussian
        expected.actor.hiddenSizes = [32, 32]
        let loaded = try load(["algorithm=ppo", "num_envs=16", "target_kl=0.02", "distribution=squashed_gaussian",
                               "actor.hidden_sizes=[32,32]"])
        #expect(loaded.algorithmConfiguration == .ppo(expected))
        #expect(throws: ConfigurationError.self) { try load(["algorithm=ppo", "batch_size=100000"]) }
        #expect(throws: ConfigurationError.self) { try load(["algorithm=ppo", "polyak=0.5"]) }
    }

    @Test func stopConditionsComeFromYAMLAndRoundTrip() throws {
        let loaded = try load(["algorithm=ppo",
                               "stop_conditions=[{kind: plateaus, metric: returns/mean, relative_tolerance: 0.05}, "
                                   + "{kind: wall_clock, seconds: 30}]"])
        #expect(loaded.stopConditions == [.plateaus(metric: "returns/mean", relativeTolerance: 0.05, patience: 5),
                                          .wallClock(seconds: 30)])
        let yaml = try loaded.yaml()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("stop-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        #expect(try RunConfiguration.load(file: file.path) == loaded)
        #expect(errorMessage { _ = try load(["stop_conditions=[{kind: plateaus, metric: returns/mean, rtol: 0.05}]"]) }
                == "unknown configuration key 'stop_conditions[0].rtol'")
        #expect(errorMessage { _ = try load(["stop_conditions=[{kind: upper_bound, metric: returns/mean, value: 1}]"]) }?
                    .hasPrefix("invalid value returns/mean for 'stop_conditions[0].metric'") == true)
        #expect(errorMessage { _ = try load(["stop_conditions=[{kind: target_return, value: 1}]", "evaluation.interval=0"]) }
                != nil)
        let kinds = "one of steps, wall_clock, target_return, plateaus, upper_bound, lower_bound"
        #expect(errorMessage { _ = try load(["stop_conditions=[{target_return: 475}]"]) }
                == "missing key 'stop_conditions[0].kind' (\(kinds), as in {kind: target_return, value: 475})")
        #expect(errorMessage { _ = try load(["stop_conditions=[{kind: plateau, metric: returns/mean}]"]) }
                == "invalid value 'plateau' for 'stop_conditions[0].kind': must be \(kinds)")
        #expect(errorMessage { _ = try load(["stop_conditions=[{kind: plateaus}]"]) }
                == "missing key 'stop_conditions[0].metric'")
    }

    @Test func fileThenOverridesAreLaidOverTheDefaults() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("run.yaml")
            try """
                algorithm: td3
                seed: 7
                steps: 500
                actor:
                  hidden_sizes: [32, 32]
                  activation: tanh
                """.write(to: file, atomically: true, encoding: .utf8)
            let configuration = try load(file: file.path, ["actor.hidden_sizes=[128,128]", "batch_size=256", "evaluation.episodes=3"])
            var expected = TD3Configuration()
            expected.steps = 500
            expected.batchSize = 256
            expected.actor.hiddenSizes = [128, 128]
            expected.actor.activation = .tanh
            expected.evaluation.episodes = 3
            #expect(configuration == RunConfiguration(environment: "Pendulum-v1", seed: 7, algorithmConfiguration: .td3(expected)))
        }
    }

    @Test func laterOverridesWinIncludingForTheAlgorithm() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("run.yaml")
            try "algorithm: td3\n".write(to: file, atomically: true, encoding: .utf8)
            #expect(try load(file: file.path, []).algorithm == .td3)
            #expect(try load(file: file.path, ["algorithm=sac"]).algorithm == .sac)
            #expect(try load(file: file.path, ["algorithm=sac", "algorithm=td3"]).algorithm == .td3)
        }
    }

    @Test func optionalKeysThatAreNilByDefaultCanBeSet() throws {
        let configuration = try load(["target_entropy=-0.5", "actor.max_gradient_norm=1.5"])
        guard case .sac(let sac) = configuration.algorithmConfiguration else {
            Issue.record("expected SAC")
            return
        }
        #expect(sac.targetEntropy == -0.5)
        #expect(sac.actor.maxGradientNorm == 1.5)
        #expect(sac.critic.maxGradientNorm == nil)
    }

    @Test func schemaHasEveryKeyIncludingNilOptionals() {
        let keys = ConfigurationSchema(of: RunConfiguration()).keyPaths
        #expect(keys.prefix(4) == ["algorithm", "environment", "seed", "steps"])
        #expect(keys.contains("target_entropy"))
        #expect(keys.contains("actor.max_gradient_norm"))
        #expect(keys.contains("evaluation.seed"))
        #expect(!keys.contains("policy_delay"))
    }

    @Test(arguments: [
        ("actor.hiden_sizes=[64]", "unknown configuration key 'actor.hiden_sizes' (did you mean 'actor.hidden_sizes'?)"),
        ("batchsize=5", "unknown configuration key 'batchsize' (did you mean 'batch_size'?)"),
        ("batch_size=abc", "wrong type for 'batch_size': expected an integer, found 'abc'"),
        ("actor.hidden_sizes=5", "wrong type for 'actor.hidden_sizes': expected a list, found '5'"),
        ("actor.hidden_sizes=[64,x]", "wrong type for 'actor.hidden_sizes[1]': expected an integer, found 'x'"),
        ("gamma=fast", "wrong type for 'gamma': expected a number, found 'fast'"),
        ("actor.activation=swish", "invalid value 'swish' for 'actor.activation': must be one of identity, relu, tanh, fast_tanh"),
        ("gamma=1.5", "invalid value 1.5 for 'gamma': must be in [0, 1]"),
        ("evaluation.episodes=0", "invalid value 0 for 'evaluation.episodes': must be an integer in 1...10000"),
        ("steps=9223372036854775807", "invalid value 9223372036854775807 for 'steps': must be an integer in 1...2^53"),
        ("gamma=\"0.5\"", "wrong type for 'gamma': expected a number or boolean, found the string '0.5'"),
        ("algorithm=a2c", "unknown algorithm 'a2c' (available: sac, td3, ppo)"),
        ("batch_size", "invalid override 'batch_size': expected KEY=VALUE, such as batch_size=256 or actor.hidden_sizes=[128,128]"),
    ])
    func invalidSettingsAreRejectedNamingTheKey(assignment: String, message: String) {
        #expect(errorMessage { _ = try load([assignment]) } == message)
    }

    @Test func keysOfTheOtherAlgorithmAreUnknown() {
        #expect(errorMessage { _ = try load(["algorithm=td3", "target_entropy=1"]) }?
            .hasPrefix("unknown configuration key 'target_entropy'") == true)
    }

    @Test func unknownEnvironmentListsTheRegisteredOnes() {
        #expect(throws: EnvironmentError.unknownEnvironment(name: "Nope-v0", available: EnvironmentRegistry.names)) {
            try load(["environment=Nope-v0"])
        }
    }

    @Test func discreteEnvironmentIsRejectedWhenTheSessionIsMade() throws {
        let configuration = try load(["environment=CartPole-v1"])
        #expect(throws: TrainingError.unsupportedActionSpace(
            algorithm: "SAC", environment: "CartPole-v1", actionSpace: "Discrete(2)")) {
            try configuration.makeSession(pool: ThreadPool(threadCount: 1))
        }
    }

    @Test func missingAndInvalidFilesAreUnreadable() throws {
        try withTemporaryDirectory { directory in
            let missing = directory.appendingPathComponent("missing.yaml").path
            #expect(errorMessage { _ = try load(file: missing, []) } == "cannot read configuration '\(missing)': no such file")
            let invalid = directory.appendingPathComponent("invalid.yaml")
            try "actor: [1, 2\n".write(to: invalid, atomically: true, encoding: .utf8)
            let message = try #require(errorMessage { _ = try load(file: invalid.path, []) })
            #expect(message.hasPrefix("cannot read configuration '\(invalid.path)': invalid YAML"))
            #expect(!message.contains("\n"))
            let list = directory.appendingPathComponent("list.yaml")
            try "- 1\n- 2\n".write(to: list, atomically: true, encoding: .utf8)
            #expect(errorMessage { _ = try load(file: list.path, []) }
                == "cannot read configuration '\(list.path)': expected a mapping of configuration keys, found a list")
        }
    }

    @Test(arguments: [
        ["algorithm=sac", "actor.hidden_sizes=[128,128]", "target_entropy=-0.75", "gamma=0.97", "optimizer.epsilon=1e-8"],
        ["algorithm=td3", "environment=MountainCarContinuous-v0", "seed=42", "critic.max_gradient_norm=10"],
        [],
    ])
    func resolvedYAMLLoadsBackToTheSameConfiguration(assignments: [String]) throws {
        let configuration = try load(assignments)
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("config.yaml")
            try configuration.yaml().write(to: file, atomically: true, encoding: .utf8)
            #expect(try RunConfiguration.load(file: file.path) == configuration)
        }
    }

    @Test func resolvedYAMLIsFlatWithNullsAndFlowLists() throws {
        let yaml = try RunConfiguration().yaml()
        #expect(yaml.hasPrefix("algorithm: sac\nenvironment: Pendulum-v1\nseed: 1\nsteps: 10000\nbatch_size: 100\ngamma: 0.99\n"))
        #expect(yaml.contains("\nactor:\n  hidden_sizes: [64, 64]\n  activation: relu\n  learning_rate: 0.001\n  max_gradient_norm: null\n"))
        #expect(yaml.contains("\ntarget_entropy: null\n"))
    }

    @Test func trackingIsOffByDefaultAndEndsTheResolvedYAML() throws {
        let configuration = try load([])
        #expect(configuration.tracking == TrackingConfiguration())
        #expect(try configuration.yaml().hasSuffix(
            "\ntracking:\n  tensorboard: false\n  mlflow_uri: null\n  mlflow_experiment: null\n"))
        let tracked = try load(["tracking.tensorboard=true", "tracking.mlflow_uri=http://127.0.0.1:5000",
                                "tracking.mlflow_experiment=pendulum tests"])
        #expect(tracked.tracking == TrackingConfiguration(tensorBoard: true, mlflowURI: "http://127.0.0.1:5000",
                                                          mlflowExperiment: "pendulum tests"))
        #expect(try RunConfiguration.load(yaml: tracked.yaml()) == tracked)
    }

    @Test(arguments: [
        ("tracking.mlflow_uri=ftp://host", "invalid value 'ftp://host' for 'tracking.mlflow_uri': must be an http:// or https:// URL"),
        ("tracking.mlflow_uri=http://", "invalid value 'http://' for 'tracking.mlflow_uri'"),
        ("tracking.mlflow_experiment=''", "for 'tracking.mlflow_experiment': must be 1 to 500 characters"),
        ("tracking.tensorboard=maybe", "wrong type for 'tracking.tensorboard': expected true or false"),
        ("tracking.mlflow=1", "unknown configuration key 'tracking.mlflow'"),
    ])
    func badTrackingValuesAreRefusedByKey(assignment: String, message: String) {
        let found = errorMessage { _ = try load([assignment]) }
        #expect(found?.contains(message) == true, "\(found ?? "no error")")
    }
}
