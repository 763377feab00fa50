/// One task's trials in one run: how many ran and how many passed.
///
/// What counts as a pass (for example whether `graceful` does) is the caller's decision; the
/// statistics only see the counts.
public struct TaskTally: Sendable, Hashable, Codable {
    /// How many trials of the task ran.
    public let trials: Int
    /// How many of those trials passed.
    public let passes: Int

    /// Creates a tally. `passes` must lie in `0...trials`: a tally counted from real trials always
    /// does, so anything else is a programming error, not an input error.
    public init(trials: Int, passes: Int) {
        precondition(trials >= 0 && (0...trials).contains(passes), "a tally needs 0 <= passes <= trials, got \(passes)/\(trials)")
        self.trials = trials
        self.passes = passes
    }

    /// The task's pass rate, the mean over its trials; nil when no trial ran.
    public var passRate: Double? {
        trials == 0 ? nil : Double(passes) / Double(trials)
    }

    /// Whether some trials pass and some fail.
    public var isFlaky: Bool {
        passes > 0 && passes < trials
    }
}
