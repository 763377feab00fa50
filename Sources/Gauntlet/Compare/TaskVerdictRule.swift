/// The rule that turns a task's trials into one pass or fail for McNemar's test.
///
/// McNemar's test compares two versions on paired binary outcomes, one per task, while Gauntlet
/// runs several trials per task. The rule is fixed before looking at the data, so that it cannot
/// be picked after the fact to make a result significant.
public enum TaskVerdictRule: String, Sendable, Hashable, CaseIterable, Codable {
    /// The task passes when every one of its trials passes. The default: a flaky task is a
    /// failing task for a gate, and a change that makes a task flaky is a regression.
    case allTrialsPass = "all-trials-pass"
    /// The task passes when more than half of its trials pass; an exact half fails.
    case majority

    /// The rule used unless a run says otherwise: ``allTrialsPass``.
    public static let `default`: TaskVerdictRule = .allTrialsPass

    /// Whether a task with this tally passes under the rule; nil when no trial ran, since a
    /// task with no evidence neither passes nor fails.
    public func passes(_ tally: TaskTally) -> Bool? {
        guard tally.trials > 0 else { return nil }
        switch self {
        case .allTrialsPass: return tally.passes == tally.trials
        case .majority: return 2 * tally.passes > tally.trials
        }
    }
}
