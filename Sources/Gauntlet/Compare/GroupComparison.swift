/// The comparison over one fault profile's tasks, or over all of them.
public struct GroupComparison: Sendable, Hashable, Codable {
    /// The profile's name, or `all`.
    public var name: String
    /// Paired task units (task × profile) in the group.
    public var tasks: Int
    public var baseline: VersionSummary
    public var candidate: VersionSummary
    /// The paired difference over tasks; nil when no task has trials on both sides.
    public var paired: PairedComparison?
    public var mcnemar: McNemarTest
    /// The smallest drop this comparison would detect with 80% power at α = 0.05; nil when it
    /// cannot be estimated (fewer than two tasks, or no variation anywhere).
    public var minimumDetectableDrop: Double?

    enum CodingKeys: String, CodingKey {
        case name, tasks, baseline, candidate, paired, mcnemar
        case minimumDetectableDrop = "minimum_detectable_drop"
    }

    init(name: String, tasks: [TaskComparison], baselineResults: [TrialResult], candidateResults: [TrialResult], rule: TaskVerdictRule) {
        self.name = name
        self.tasks = tasks.count
        baseline = VersionSummary(tallies: tasks.map(\.baseline), results: baselineResults)
        candidate = VersionSummary(tallies: tasks.map(\.candidate), results: candidateResults)
        let pairs = tasks.map { PairedTally(baseline: $0.baseline, candidate: $0.candidate) }
        paired = PairedComparison(tasks: pairs)
        mcnemar = McNemarTest(tasks: pairs, rule: rule)
        // The observed spread of differences when there is one; before any change shows, the
        // spread two runs of the baseline would have from trial-to-trial noise alone.
        let spread = paired?.differenceStandardDeviation.flatMap { $0 > 0 ? $0 : nil }
            ?? Statistics.expectedDifferenceSD(baseline: tasks.map(\.baseline))
        minimumDetectableDrop = spread.flatMap { $0 > 0 ? Statistics.minimumDetectableDrop(perTaskDifferenceSD: $0, tasks: tasks.count) : nil }
    }
}
