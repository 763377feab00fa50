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
    /// Calls the agent core refused for safety: outside the allow-list or the task's scope, past
    /// the per-tool limit, or carrying a sensitive value out.
    public var blocked: Int = 0

    enum CodingKeys: String, CodingKey {
        case retries
        case breakerOpens = "breaker_opens"
        case timeouts, faults, blocked
    }

    /// Error kinds of the refusals counted as `blocked`.
    static let safetyRefusals: Set<String> = ["not_allowed", "call_limit", "egress_blocked"]

    public init() {}

    /// Reads counters of any version: `blocked` arrived in version 3 of `run.json`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        retries = try container.decode(Int.self, forKey: .retries)
        breakerOpens = try container.decode(Int.self, forKey: .breakerOpens)
        timeouts = try container.decode(Int.self, forKey: .timeouts)
        faults = try container.decode([String: Int].self, forKey: .faults)
        blocked = try container.decodeIfPresent(Int.self, forKey: .blocked) ?? 0
    }

    /// Counts the events of one trajectory.
    public init(events: [TrajectoryEvent]) {
        for event in events {
            switch event.kind {
            case "retry_scheduled": retries += 1
            case "breaker_changed" where event.data["to"] == "open": breakerOpens += 1
            case "tool_error" where event.data["error"]?["class"] == "timeout": timeouts += 1
            case "model_failed" where event.data["error"]?["class"] == "timeout": timeouts += 1
            case "fault_injected": faults[event.data["fault"]?.stringValue ?? "?", default: 0] += 1
            case "tool_rejected" where Self.safetyRefusals.contains(event.data["error"]?["kind"]?.stringValue ?? ""): blocked += 1
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
        sum.blocked += rhs.blocked
        return sum
    }

    /// Faults injected, of every kind.
    public var faultCount: Int { faults.values.reduce(0, +) }
}
