/// A confidence interval on the proportion scale: for a pass rate, or for a difference of pass
/// rates.
public struct ProportionInterval: Sendable, Hashable, Codable {
    /// The lower bound.
    public let lower: Double
    /// The upper bound.
    public let upper: Double

    /// Creates an interval from its bounds; `lower` should not exceed `upper`.
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether `value` lies within the interval, bounds included.
    public func contains(_ value: Double) -> Bool {
        lower <= value && value <= upper
    }
}
