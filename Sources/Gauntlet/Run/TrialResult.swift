/// The result of one trial as `run.json` records it.
public struct TrialResult: Sendable, Hashable, Codable {
    public var task: String
    public var domain: String
    public var trial: Int
    /// The trial's seed in hex (`0x…`): JSON numbers cannot hold every 64-bit value.
    public var seed: String
    public var outcome: Outcome
    public var checks: [CheckResult]
    public var steps: Int
    public var toolCalls: Int
    public var tokens: Int
    public var durationMs: Int64
    public var toolPath: [String]
    public var answer: String?
    /// Why the agent stopped, in words.
    public var stopReason: String
    /// The fault profile the trial ran under.
    public var profile: String = "none"
    /// Retries, breaker opens, timeouts and faults met.
    public var counters = ResilienceCounters()

    enum CodingKeys: String, CodingKey {
        case task, domain, trial, seed, outcome, checks, steps
        case toolCalls = "tool_calls"
        case tokens
        case durationMs = "duration_ms"
        case toolPath = "tool_path"
        case answer
        case stopReason = "stop_reason"
        case profile, counters
    }

    /// `task #trial`, with the fault profile in brackets unless it is `none`.
    public var label: String {
        profile == "none" ? "\(task) #\(trial)" : "\(task) #\(trial) [\(profile)]"
    }

    /// The checks that failed.
    public var failedChecks: [CheckResult] { checks.filter { !$0.passed } }
}
