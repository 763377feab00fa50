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
    /// Each unit's change of pass rate, candidate minus baseline (for the sign test of few tasks).
    public var taskDifferences: [Double]

    enum CodingKeys: String, CodingKey {
        case name, tasks, baseline, candidate, paired, mcnemar
        case minimumDetectableDrop = "minimum_detectable_drop"
        case taskDifferences = "task_differences"
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
        taskDifferences = pairs.compactMap { pair in
            guard let before = pair.baseline.passRate, let after = pair.candidate.passRate else { return nil }
            return after - before
        }
        // What noise alone would spread the differences by: each side's trial-to-trial variance,
        // not the observed spread, which contains the very change being measured.
        let noise = [Statistics.expectedDifferenceSD(baseline: pairs.map(\.baseline)), Statistics.expectedDifferenceSD(baseline: pairs.map(\.candidate))].compactMap { $0 }
        let spread = noise.isEmpty ? nil : (noise.reduce(0) { $0 + $1 * $1 } / Double(noise.count)).squareRoot()
        minimumDetectableDrop = spread.flatMap { $0 > 0 ? Statistics.minimumDetectableDrop(perTaskDifferenceSD: $0, tasks: pairs.count) : nil }
    }
}
