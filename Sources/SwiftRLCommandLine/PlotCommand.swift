import ArgumentParser
import Foundation
import SwiftRL

/// `swiftrl plot`: draws the evaluation return of run directories against environment steps as an SVG file.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Plot the evaluation return of runs against environment steps as an SVG file.",
        discussion: """
            Runs whose configurations differ only in their seed make one curve, the mean over the \
            seeds with a band of ± one standard deviation; other runs get a curve each, named in the legend.
            """
    )

    @Argument(help: ArgumentHelp("Run directories, each with config.yaml and metrics.csv.", valueName: "run-dir"))
    var runDirectories: [String]

    @Option(name: .long, help: ArgumentHelp("The SVG file to write.", valueName: "file.svg"))
    var output = "curve.svg"

    @Option(name: .long, help: "The plot's title (default: Evaluation return on <env>).")
    var title: String?

    func run() throws {
        try reportingErrors {
            let url = URL(fileURLWithPath: output)
            try RunPlot.write(runDirectories.map(RunDirectory.init(path:)), title: title, to: url)
            print("wrote \(url.path)")
        }
    }
}
