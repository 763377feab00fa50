import AgentCore

/// What a trial's resilience cost and what chaos it met, counted from its trajectory.
public struct ResilienceCounters: Sendable, Hashable, Codable {
    /// Retries the agent scheduled (tools and model).
    public var retries: Int = 0
    /// Times a circuit breaker opened.
    public var breakerOpens: Int = 0
    /// Calls that ended in a timeout.
    public var timeouts: Int = 0
    /// Faults injected, by fault name.
    public var faults: [String: Int] = [:]

    enum CodingKeys: String, CodingKey {
        case retries
        case breakerOpens = "breaker_opens"
        case timeouts, faults
    }

    public init() {}

    /// Counts the events of one trajectory.
    public init(events: [TrajectoryEvent]) {
        for event in events {
            switch event.kind {
            case "retry_scheduled": retries += 1
            case "breaker_changed" where event.data["to"] == "open": breakerOpens += 1
            case "tool_error" where event.data["error"]?["class"] == "timeout": timeouts += 1
            case "model_failed" where event.data["error"]?["class"] == "timeout": timeouts += 1
            case "fault_injected": faults[event.data["fault"]?.stringValue ?? "?", default: 0] += 1
            default: break
            }
        }
    }

    /// The sum of two tallies.
    public static func + (lhs: ResilienceCounters, rhs: ResilienceCounters) -> ResilienceCounters {
        var sum = lhs
        sum.retries += rhs.retries
        sum.breakerOpens += rhs.breakerOpens
        sum.timeouts += rhs.timeouts
        sum.faults.merge(rhs.faults, uniquingKeysWith: +)
        return sum
    }

    /// Faults injected, of every kind.
    public var faultCount: Int { faults.values.reduce(0, +) }
}
