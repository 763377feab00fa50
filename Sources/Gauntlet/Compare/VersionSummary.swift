/// One version's side of a comparison group: pass rate with its interval, pass@k and pass^k,
/// the outcome mix and the resilience counters.
public struct VersionSummary: Sendable, Hashable, Codable {
    public var trials: Int
    public var passes: Int
    public var passRate: Double
    /// 95% Wilson interval of the pass rate over trials (descriptive: trials of a task are not
    /// independent, so use the paired comparison to judge a change).
    public var wilson: ProportionInterval?
    /// pass@k for k = 1 … the most trials any task has.
    public var passAtK: [KMetric]
    /// pass^k (every one of k trials passes), as tau-bench defines it.
    public var passHatK: [KMetric]
    public var outcomes: [String: Int]
    public var counters: ResilienceCounters

    /// A suite mean for one k.
    public struct KMetric: Sendable, Hashable, Codable {
        public var k: Int
        /// nil when no task has k trials.
        public var value: Double?
        /// Tasks with at least k trials, which the mean is over.
        public var tasks: Int
    }

    enum CodingKeys: String, CodingKey {
        case trials, passes
        case passRate = "pass_rate"
        case wilson
        case passAtK = "pass_at_k"
        case passHatK = "pass_hat_k"
        case outcomes, counters
    }

    init(tallies: [TaskTally], results: [TrialResult]) {
        trials = tallies.reduce(0) { $0 + $1.trials }
        passes = tallies.reduce(0) { $0 + $1.passes }
        passRate = trials == 0 ? 0 : Double(passes) / Double(trials)
        wilson = Statistics.wilson(successes: passes, trials: trials)
        let most = tallies.map(\.trials).max() ?? 0
        passAtK = most < 1 ? [] : (1...most).map { k in
            let mean = Statistics.meanPassAtK(tasks: tallies, k: k)
            return KMetric(k: k, value: mean.value, tasks: mean.counted)
        }
        passHatK = most < 1 ? [] : (1...most).map { k in
            let mean = Statistics.meanPassHatK(tasks: tallies, k: k)
            return KMetric(k: k, value: mean.value, tasks: mean.counted)
        }
        var counts: [String: Int] = [:]
        for outcome in Outcome.allCases { counts[outcome.rawValue] = 0 }
        for result in results { counts[result.outcome.rawValue, default: 0] += 1 }
        outcomes = counts
        counters = results.reduce(ResilienceCounters()) { $0 + $1.counters }
    }
}
