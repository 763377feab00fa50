/// How long a `latency` fault delays a call.
public enum LatencyDistribution: Sendable, Hashable {
    /// Always this long.
    case fixed(Duration)
    /// Uniformly between `min` and `max`, both included.
    case uniform(min: Duration, max: Duration)
    /// Log-normal: half of the delays are under `median`, 99% under `p99`.
    case longTail(median: Duration, p99: Duration)

    /// The fields a profile rule needs for each `distribution` name, in the order they are documented.
    static let fields: [(name: String, required: [String])] = [
        ("fixed", ["ms"]),
        ("uniform", ["min_ms", "max_ms"]),
        ("long_tail", ["median_ms", "p99_ms"]),
    ]
}
