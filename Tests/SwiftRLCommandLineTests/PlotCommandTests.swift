import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `swiftrl plot`: SVG learning curves from real runs, and one error line for bad input.
@Suite("swiftrl plot")
struct PlotCommandTests {
    /// Trains a fast SAC run (evaluations at steps 100, 200 and 300) into `directory/name`.
    private func train(_ name: String, in directory: URL, _ extra: [String] = []) throws {
        let result = try SwiftRLProcess.run(["train", "--run-dir", name, "--quiet"] + FastRun.arguments + extra, in: directory)
        #expect(result.status == 0, "\(result.standardError)")
    }

    /// The document at `url`, parsed as XML, and the SVG elements with `class` `name`.
    private func elements(_ name: String, in url: URL) throws -> [XMLElement] {
        let document = try XMLDocument(data: Data(contentsOf: url))
        #expect(document.rootElement()?.name == "svg")
        return try document.nodes(forXPath: "//*[@class='\(name)']").compactMap { $0 as? XMLElement }
    }

    @Test func oneRunIsOneCurveWithoutBand() throws {
        try withTemporaryDirectory { directory in
            try train("run", in: directory)
            let result = try SwiftRLProcess.run(["plot", "run", "--output", "curve.svg"], in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.hasPrefix("wrote "))
            let svg = directory.appendingPathComponent("curve.svg")
            let curves = try elements("curve", in: svg)
            #expect(curves.count == 1)
            // Three evaluations: a move and two line segments.
            let path = curves.first?.attributes?.first { $0.name == "d" }?.stringValue
            #expect(path?.split(separator: "L").count == 3, "\(path ?? "no d")")
            #expect(try elements("band", in: svg).isEmpty)
            let text = try contents(of: svg)
            #expect(text.contains(">Evaluation return on Pendulum-v1</text>"))
            #expect(text.contains(">SAC on Pendulum-v1</text>"))
            #expect(text.contains(">environment steps</text>") && text.contains(">evaluation return</text>"))
            #expect(!text.contains("<script") && !text.contains("href") && !text.contains("@import"))
        }
    }

    @Test func seedsOfOneConfigurationShareACurveWithABand() throws {
        try withTemporaryDirectory { directory in
            for seed in 1...3 { try train("seed\(seed)", in: directory, ["--seed", "\(seed)"]) }
            try train("other", in: directory, ["--set", "batch_size=32"])
            let result = try SwiftRLProcess.run(["plot", "seed1", "seed2", "seed3", "other", "--output", "curves.svg",
                                                 "--title", "Seeds & batches"], in: directory)
            #expect(result.status == 0, "\(result.standardError)")
            let svg = directory.appendingPathComponent("curves.svg")
            #expect(try elements("curve", in: svg).count == 2)
            #expect(try elements("band", in: svg).count == 1)
            let legend = try #require(try elements("legend", in: svg).first).stringValue ?? ""
            #expect(legend.contains("SAC on Pendulum-v1, batch_size=16 (3 seeds)"))
            #expect(legend.contains("SAC on Pendulum-v1, batch_size=32"))
            #expect(try contents(of: svg).contains(">Seeds &amp; batches</text>"))
        }
    }

    @Test func badInputIsOneErrorLineAndWritesNothing() throws {
        try withTemporaryDirectory { directory in
            try train("run", in: directory)
            try train("unevaluated", in: directory, ["--set", "evaluation.interval=0"])
            let damaged = directory.appendingPathComponent("damaged")
            try FileManager.default.copyItem(at: directory.appendingPathComponent("run"), to: damaged)
            let metrics = damaged.appendingPathComponent("metrics.csv")
            try (contents(of: metrics).replacingOccurrences(of: ",", with: ";", options: [], range: nil)).write(
                to: metrics, atomically: true, encoding: .utf8)
            let noConfiguration = directory.appendingPathComponent("noconfig")
            try FileManager.default.copyItem(at: directory.appendingPathComponent("run"), to: noConfiguration)
            try FileManager.default.removeItem(at: noConfiguration.appendingPathComponent("config.yaml"))
            let cases: [([String], String)] = [
                (["missing"], "cannot read 'missing': no such run directory"),
                (["unevaluated"], "metrics.csv': it holds no evaluation"),
                (["damaged"], "metrics.csv': line 1: its header does not start with step,wall_seconds"),
                (["noconfig"], "cannot read configuration"),
                (["run", "missing"], "no such run directory"),
                ([], "error: Missing expected argument '<run-dir> ...'"),
            ]
            for (runs, fragment) in cases {
                let result = try SwiftRLProcess.run(["plot"] + runs + ["--output", "out.svg"], in: directory)
                #expect(result.status != 0)
                #expect(result.errorLines.count == 1, "\(result.standardError)")
                #expect(result.standardError.hasPrefix("error: ") && result.standardError.contains(fragment),
                        "\(result.standardError)")
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.svg").path))
            }
        }
    }
}
