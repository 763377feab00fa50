/// How one task (under one fault profile) moved between the baseline and the candidate.
///
/// "Flaky" means some trials pass and some fail. Passing counts `graceful` as the run's pass
/// rate does.
public enum TaskStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// It passed more often in the baseline, and the candidate is not merely newly flaky.
    case regressed
    /// Always passing in the baseline, flaky in the candidate.
    case newlyFlaky = "newly_flaky"
    /// Failed every trial in both.
    case stableFail = "stable_fail"
    /// Flaky in both.
    case flaky
    /// It passes more often in the candidate.
    case fixed
    /// Passed every trial in both.
    case stablePass = "stable_pass"

    /// Classifies a task from its two tallies (each with at least one trial).
    public init(baseline: TaskTally, candidate: TaskTally) {
        let before = baseline.passRate ?? 0, after = candidate.passRate ?? 0
        switch (baseline.passes, candidate.passes) {
        case (baseline.trials, candidate.trials): self = .stablePass
        case (0, 0): self = .stableFail
        default:
            if candidate.isFlaky && baseline.passes == baseline.trials {
                self = .newlyFlaky
            } else if after < before {
                self = .regressed
            } else if after > before {
                self = .fixed
            } else {
                self = .flaky
            }
        }
    }

    /// Sort order, worst first.
    var severity: Int {
        switch self {
        case .regressed: 0
        case .newlyFlaky: 1
        case .stableFail: 2
        case .flaky: 3
        case .fixed: 4
        case .stablePass: 5
        }
    }
}
