import Foundation

/// Makes the trackers a configuration's `tracking` section asks for.
enum RunTracking {
    /// TensorBoard's writer and MLflow's tracker, as `configuration.tracking` enables them.
    /// - Parameters:
    ///   - resumedAfterStep: the checkpoint's step when the run is resumed.
    ///   - warn: receives one-line warnings from trackers that cannot do their work.
    /// - Throws: ``RunFileError`` when the TensorBoard event file cannot be created,
    ///   ``SwiftRLAlgorithms/ConfigurationError`` for an invalid MLflow URL.
    static func trackers(for configuration: RunConfiguration, directory: RunDirectory, resumedAfterStep: Int?,
                         warn: @escaping @Sendable (String) -> Void) throws -> [any RunTracker] {
        var trackers: [any RunTracker] = []
        if configuration.tracking.tensorBoard {
            trackers.append(try TensorBoardWriter(directory: directory, resumedAfterStep: resumedAfterStep))
        }
        if let server = try configuration.tracking.mlflowServer() {
            let description = try mlflowRun(of: configuration, directory: directory, resumedAfterStep: resumedAfterStep)
            trackers.append(MLflowTracker(server: server, description: description, warn: warn))
        }
        return trackers
    }

    /// The MLflow run of a run directory: in the configured experiment (default: the environment's
    /// name), named after the directory, every configuration value a parameter (values cut to
    /// MLflow's 6,000 characters), tagged with the directory and, when resumed, the checkpoint's step.
    static func mlflowRun(of configuration: RunConfiguration, directory: RunDirectory,
                          resumedAfterStep: Int?) throws -> MLflowTracker.RunDescription {
        let limits = MLflowClient.parameterLimits
        let parameters = try configuration.flattenedValues().map { key, value in
            MLflowClient.Entry(key: String(key.prefix(limits.key)), value: String(value.prefix(limits.value)))
        }
        var tags = [MLflowClient.Entry(key: "mlflow.source.name", value: "swiftrl"),
                    MLflowClient.Entry(key: "mlflow.source.type", value: "LOCAL"),
                    MLflowClient.Entry(key: "swiftrl.run_dir", value: directory.url.standardizedFileURL.path)]
        if let resumedAfterStep {
            tags.append(MLflowClient.Entry(key: "swiftrl.resumed_after_step", value: "\(resumedAfterStep)"))
        }
        return MLflowTracker.RunDescription(
            experiment: configuration.tracking.mlflowExperiment ?? configuration.environment,
            name: directory.url.standardizedFileURL.lastPathComponent, parameters: parameters, tags: tags)
    }
}
