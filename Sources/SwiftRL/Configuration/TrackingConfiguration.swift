import Foundation
import SwiftRLAlgorithms

/// Where a run reports its metrics besides `metrics.csv` (which is always written): the
/// configuration's `tracking` section.
///
/// ```yaml
/// tracking:
///   tensorboard: true                      # RUN_DIR/tensorboard/events.out.tfevents.*
///   mlflow_uri: http://127.0.0.1:5000      # an MLflow tracking server
///   mlflow_experiment: null                # default: the environment's name
/// ```
public struct TrackingConfiguration: Sendable, Hashable, Codable {
    /// Write TensorBoard event files into `RUN_DIR/tensorboard/`.
    public var tensorBoard = false
    /// The MLflow tracking server's URL (`http://host:port`); `nil` logs nothing to MLflow.
    public var mlflowURI: String?
    /// The MLflow experiment's name; `nil` uses the environment's name.
    public var mlflowExperiment: String?

    /// Creates a configuration that tracks nothing beyond `metrics.csv` unless told.
    public init(tensorBoard: Bool = false, mlflowURI: String? = nil, mlflowExperiment: String? = nil) {
        self.tensorBoard = tensorBoard
        self.mlflowURI = mlflowURI
        self.mlflowExperiment = mlflowExperiment
    }

    enum CodingKeys: String, CodingKey {
        case tensorBoard = "tensorboard", mlflowURI = "mlflow_uri", mlflowExperiment = "mlflow_experiment"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tensorBoard = try container.decodeIfPresent(Bool.self, forKey: .tensorBoard) ?? false
        mlflowURI = try container.decodeIfPresent(String.self, forKey: .mlflowURI)
        mlflowExperiment = try container.decodeIfPresent(String.self, forKey: .mlflowExperiment)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tensorBoard, forKey: .tensorBoard)
        try container.encodeIfPresent(mlflowURI, forKey: .mlflowURI)
        try container.encodeIfPresent(mlflowExperiment, forKey: .mlflowExperiment)
    }

    /// The MLflow server's URL, checked: `http` or `https` with a host and no query or fragment.
    /// - Throws: ``SwiftRLAlgorithms/ConfigurationError/invalidValue(key:value:requirement:)``.
    public func mlflowServer() throws(ConfigurationError) -> URL? {
        guard let mlflowURI else { return nil }
        let requirement = "an http:// or https:// URL with a host, such as http://127.0.0.1:5000"
        guard mlflowURI.utf8.count <= 2048, let components = URLComponents(string: mlflowURI),
              ["http", "https"].contains(components.scheme?.lowercased()), components.host?.isEmpty == false,
              components.query == nil, components.fragment == nil, let url = components.url else {
            throw .invalidValue(key: "tracking.mlflow_uri", value: "'\(mlflowURI.prefix(100))'", requirement: requirement)
        }
        return url
    }

    /// Checks the MLflow URL and the experiment's name (1 to 500 characters, no control characters).
    public func validate() throws(ConfigurationError) {
        _ = try mlflowServer()
        if let mlflowExperiment, !(1...500).contains(mlflowExperiment.count)
            || mlflowExperiment.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalidValue(key: "tracking.mlflow_experiment", value: "'\(mlflowExperiment.prefix(100))'",
                                requirement: "1 to 500 characters, none of them control characters")
        }
    }
}
