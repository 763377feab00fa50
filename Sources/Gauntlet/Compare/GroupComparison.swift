/// The comparison over one fault profile's tasks, or over all of them.
public struct GroupComparison: Sendable, Hashable, Codable {
    /// The profile's name, or `all`.
    public var name: String
    /// Paired units in the group: tasks under this profile, or, for `all` over several profiles,
    /// tasks with their profiles merged (the trials of one task under several profiles are not
    /// independent, so the task is the unit the standard error is taken over).
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

    /// `units` are the task × profile tallies (pass rates and pass@k are over them); `pairs` the
    /// units of the paired statistics.
    init(name: String, units: [PairedTally], pairs: [PairedTally], baselineResults: [TrialResult], candidateResults: [TrialResult], rule: TaskVerdictRule) {
        self.name = name
        tasks = pairs.count
        baseline = VersionSummary(tallies: units.map(\.baseline), results: baselineResults)
        candidate = VersionSummary(tallies: units.map(\.candidate), results: candidateResults)
        paired = PairedComparison(tasks: pairs)
        mcnemar = McNemarTest(tasks: pairs, rule: rule)
        // The observed spread of differences when there is one; before any change shows, the
        // spread two runs of the baseline would have from trial-to-trial noise alone.
        let spread = paired?.differenceStandardDeviation.flatMap { $0 > 0 ? $0 : nil }
            ?? Statistics.expectedDifferenceSD(baseline: pairs.map(\.baseline))
        minimumDetectableDrop = spread.flatMap { $0 > 0 ? Statistics.minimumDetectableDrop(perTaskDifferenceSD: $0, tasks: pairs.count) : nil }
    }
}
