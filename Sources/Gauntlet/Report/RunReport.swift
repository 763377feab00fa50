/// `run.json`: everything a run did, in a versioned format that `compare` and `replay` read.
public struct RunReport: Sendable, Codable {
    /// Bumped whenever the format changes: 2 added fault profiles and resilience counters; 3 added
    /// the suite's fingerprint, the recorded configuration and the blocked counter.
    public static let currentSchemaVersion = 3
    /// The oldest version `compare`, `diff` and `replay` read.
    public static let oldestReadableSchemaVersion = 2

    public var schemaVersion: Int
    public var runID: String
    public var gauntletVersion: String
    public var startedAt: String
    public var finishedAt: String
    public var gitCommit: String?
    public var agent: AgentInfo
    public var seed: UInt64
    public var trialsPerTask: Int
    public var selection: Selection
    public var gate: Gate
    public var summary: Summary
    public var trials: [TrialResult]
    /// What the run ran against, by content (absent before version 3).
    public var suite: SuiteFingerprint?
    /// The root, profiles and trial timeout (absent before version 3).
    public var configuration: RecordedConfiguration?
    /// Present only when the run stopped before its plan was done: `trials` holds the finished
    /// trials only, and the gate has failed.
    public var incomplete: Incomplete?

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case runID = "run_id"
        case gauntletVersion = "gauntlet_version"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case gitCommit = "git_commit"
        case agent, seed
        case trialsPerTask = "trials_per_task"
        case selection, gate, summary, trials, suite, configuration, incomplete
    }

    /// Why a run stopped early and how to finish it.
    public struct Incomplete: Sendable, Codable, Hashable {
        /// The trials the plan holds; `trials` has fewer.
        public var plannedTrials: Int
        /// What stopped it, such as `SIGINT`.
        public var reason: String
        /// The command that runs the missing trials.
        public var resume: String

        public init(plannedTrials: Int, reason: String, resume: String) {
            self.plannedTrials = plannedTrials
            self.reason = reason
            self.resume = resume
        }

        enum CodingKeys: String, CodingKey {
            case plannedTrials = "planned_trials"
            case reason, resume
        }
    }

    /// The agent version that ran.
    public struct AgentInfo: Sendable, Codable, Hashable {
        public var label: String
        public var file: String
        public var sha256: String
    }

    /// Which tasks were chosen.
    public struct Selection: Sendable, Codable, Hashable {
        public var paths: [String]
        public var filters: [String]
        public var tags: [String]
        public var tasks: Int
        /// The fault profiles every task ran under.
        public var profiles: [String] = ["none"]
    }

    /// The run's own absolute gate.
    public struct Gate: Sendable, Codable, Hashable {
        /// `nil`: every trial must pass.
        public var minPassRate: Double?
        public var passed: Bool

        enum CodingKeys: String, CodingKey {
            case minPassRate = "min_pass_rate"
            case passed
        }
    }

    /// Counts over all trials and per domain.
    public struct Summary: Sendable, Codable, Hashable {
        public var overall: Tally
        public var domains: [Tally]
        /// One tally per fault profile, in the order they ran.
        public var profiles: [Tally] = []
    }

    /// Outcome counts for a group of trials.
    public struct Tally: Sendable, Codable, Hashable {
        public var name: String
        public var tasks: Int
        public var trials: Int
        public var outcomes: [String: Int]
        public var passRate: Double
        /// Retries, breaker opens, timeouts and faults over these trials.
        public var counters: ResilienceCounters
        /// Virtual time over these trials.
        public var virtualMs: Int64

        enum CodingKeys: String, CodingKey {
            case name, tasks, trials, outcomes
            case passRate = "pass_rate"
            case counters
            case virtualMs = "virtual_ms"
        }

        /// Tallies `results` under `name`.
        public init(name: String, results: [TrialResult]) {
            self.name = name
            tasks = Set(results.map(\.task)).count
            trials = results.count
            var counts: [String: Int] = [:]
            for outcome in Outcome.allCases { counts[outcome.rawValue] = 0 }
            for result in results { counts[result.outcome.rawValue, default: 0] += 1 }
            outcomes = counts
            passRate = results.isEmpty ? 0 : Double(results.filter { $0.outcome.isPass }.count) / Double(results.count)
            counters = results.reduce(ResilienceCounters()) { $0 + $1.counters }
            virtualMs = results.reduce(0) { $0 + $1.durationMs }
        }

        /// Trials that count as passes.
        public var passed: Int { (outcomes["pass"] ?? 0) + (outcomes["graceful"] ?? 0) }
    }
}

extension RunReport.Summary {
    /// Tallies results overall and per domain (domains sorted by name).
    public init(results: [TrialResult]) {
        overall = RunReport.Tally(name: "all", results: results)
        domains = Dictionary(grouping: results, by: \.domain).sorted { $0.key < $1.key }.map { RunReport.Tally(name: $0.key, results: $0.value) }
        var order: [String] = []
        for result in results where !order.contains(result.profile) { order.append(result.profile) }
        let byProfile = Dictionary(grouping: results, by: \.profile)
        profiles = order.map { RunReport.Tally(name: $0, results: byProfile[$0] ?? []) }
    }
}
