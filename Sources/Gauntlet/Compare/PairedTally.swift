/// One task's tallies in the two versions being compared.
///
/// The trial counts may differ between the versions: the comparison works on each side's mean.
public struct PairedTally: Sendable, Hashable, Codable {
    /// The task's trials in the baseline run.
    public let baseline: TaskTally
    /// The task's trials in the candidate run.
    public let candidate: TaskTally

    /// Pairs a task's baseline and candidate tallies.
    public init(baseline: TaskTally, candidate: TaskTally) {
        self.baseline = baseline
        self.candidate = candidate
    }
}
