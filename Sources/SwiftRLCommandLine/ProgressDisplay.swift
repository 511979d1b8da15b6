import Foundation
import SwiftRL

/// Shows training progress on standard output: on a terminal a one-line bar redrawn in place at
/// most ten times a second, otherwise a plain line after each periodic evaluation.
final class ProgressDisplay {
    private let isTerminal: Bool
    private let minimumRedrawInterval = 0.1
    private var lastRedraw = -Double.infinity
    private var isBarShown = false

    init(isTerminal: Bool) {
        self.isTerminal = isTerminal
    }

    func show(_ progress: TrainingProgress) {
        if isTerminal {
            drawBar(progress)
        } else if progress.occasion == .evaluation {
            print(Self.line(progress))
        }
    }

    private func drawBar(_ progress: TrainingProgress) {
        let isFinished = progress.occasion == .finished
        guard isFinished || progress.elapsedSeconds - lastRedraw >= minimumRedrawInterval else { return }
        lastRedraw = progress.elapsedSeconds
        let width = 20
        let filled = min(width, Int(progress.fractionDone * Double(width)))
        var bar = "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] "
            + "\(progress.step)/\(progress.totalSteps) steps  \(Int(progress.stepsPerSecond.rounded())) steps/s"
        if let evaluation = progress.latestEvaluation {
            bar += "  eval \(Format.returnValue(evaluation.returnMean))"
        }
        print("\r\u{1B}[K" + bar, terminator: isFinished ? "\n" : "")
        fflush(nil)
    }

    /// `step 1000/10000  4100 steps/s  episode return -1200.3  eval -1100.2 ± 100.3`
    static func line(_ progress: TrainingProgress) -> String {
        var line = "step \(progress.step)/\(progress.totalSteps)  \(Int(progress.stepsPerSecond.rounded())) steps/s"
        if let episodeReturn = progress.latestEpisodeReturn {
            line += "  episode return \(Format.returnValue(episodeReturn))"
        }
        if let evaluation = progress.latestEvaluation {
            line += "  eval \(Format.returnValue(evaluation.returnMean)) ± \(Format.returnValue(evaluation.returnStandardDeviation))"
        }
        return line
    }
}
