/// McNemar's exact test on a suite's tasks, each turned into pass or fail by a ``TaskVerdictRule``.
public struct McNemarTest: Sendable, Hashable, Codable {
    /// The rule that turned each task's trials into pass or fail.
    public let rule: TaskVerdictRule
    /// Tasks that pass in both versions.
    public let bothPass: Int
    /// Tasks that pass in the baseline only: regressions.
    public let baselineOnly: Int
    /// Tasks that pass in the candidate only: fixes.
    public let candidateOnly: Int
    /// Tasks that fail in both versions.
    public let bothFail: Int
    /// Tasks left out because a version has no trials of them.
    public let excluded: Int
    /// The exact two-sided p-value, from ``McNemar/exact(baselineOnly:candidateOnly:)``.
    public let pValue: Double

    enum CodingKeys: String, CodingKey {
        case rule
        case bothPass = "both_pass"
        case baselineOnly = "baseline_only"
        case candidateOnly = "candidate_only"
        case bothFail = "both_fail"
        case excluded
        case pValue = "p_value"
    }

    /// Classifies every task under `rule` and tests the discordant ones.
    public init(tasks: [PairedTally], rule: TaskVerdictRule = .default) {
        var counts = (bothPass: 0, baselineOnly: 0, candidateOnly: 0, bothFail: 0, excluded: 0)
        for task in tasks {
            switch (rule.passes(task.baseline), rule.passes(task.candidate)) {
            case (true?, true?): counts.bothPass += 1
            case (true?, false?): counts.baselineOnly += 1
            case (false?, true?): counts.candidateOnly += 1
            case (false?, false?): counts.bothFail += 1
            default: counts.excluded += 1
            }
        }
        self.rule = rule
        bothPass = counts.bothPass
        baselineOnly = counts.baselineOnly
        candidateOnly = counts.candidateOnly
        bothFail = counts.bothFail
        excluded = counts.excluded
        pValue = McNemar.exact(baselineOnly: counts.baselineOnly, candidateOnly: counts.candidateOnly)
    }
}
