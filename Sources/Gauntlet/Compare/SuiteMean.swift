/// A mean over a suite's tasks of a per-task estimate that not every task can give, such as
/// pass@k, which needs at least k trials.
public struct SuiteMean: Sendable, Hashable, Codable {
    /// The mean over the counted tasks; nil when no task counted.
    public let value: Double?
    /// How many tasks the mean is over.
    public let counted: Int
    /// How many tasks were left out because the estimate is undefined for them.
    public let excluded: Int

    /// Creates a suite mean from its parts.
    public init(value: Double?, counted: Int, excluded: Int) {
        self.value = value
        self.counted = counted
        self.excluded = excluded
    }
}
