import Foundation
import SwiftRLCheckpoint

/// The files of a run directory that go to MLflow as artifacts.
enum MLflowArtifacts {
    /// The largest file uploaded (64 MiB); larger ones are left out.
    static let sizeLimit = 64 << 20

    /// `config.yaml`, `metrics.csv`, `summary.json` and `policy.json` as far as the run wrote them,
    /// and the policy as a C header (`policy.h`, as `swiftrl export` writes it) when it has one.
    static func files(of directory: RunDirectory) -> [(name: String, data: Data)] {
        var files: [(name: String, data: Data)] = []
        for url in [directory.configurationURL, directory.metricsURL, directory.summaryURL, directory.policyURL] {
            if let bytes = try? LimitedFile.read(url, limit: sizeLimit) { files.append((url.lastPathComponent, Data(bytes))) }
        }
        if files.contains(where: { $0.name == directory.policyURL.lastPathComponent }),
           let header = try? RunExport.header(of: directory, prefix: "swiftrl_policy") {
            files.append(("policy.h", Data(header.utf8)))
        }
        return files
    }
}
