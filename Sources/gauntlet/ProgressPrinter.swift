import Gauntlet
import Synchronization

/// Prints a progress line per finished trial: redrawn in place on a terminal, plain lines otherwise.
final class ProgressPrinter: RunObserver {
    private let redraws: Bool
    private let drewLine = Mutex(false)

    init(redraws: Bool) {
        self.redraws = redraws
    }

    func runStarted(total: Int, tasks: Int, agent: String) {
        Console.error("Running \(total) trial\(total == 1 ? "" : "s") of \(tasks) task\(tasks == 1 ? "" : "s") with agent '\(agent)'\n")
    }

    func trialFinished(_ result: TrialResult, completed: Int, total: Int) {
        let width = String(total).count
        let counter = String(repeating: " ", count: width - String(completed).count) + "\(completed)/\(total)"
        let line = "[\(counter)] \(result.outcome.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(result.label)"
        if redraws {
            Console.error("\r\u{1B}[2K" + line)
            drewLine.withLock { $0 = true }
        } else {
            Console.error(line + "\n")
        }
    }

    /// Ends a redrawn line so the summary starts on a fresh one.
    func finish() {
        if drewLine.withLock({ $0 }) { Console.error("\n") }
    }
}
