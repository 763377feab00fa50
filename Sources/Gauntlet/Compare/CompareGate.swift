/// The CI gate of `compare`: when a candidate may replace its baseline.
public struct CompareGate: Sendable, Hashable {
    /// The largest drop of the pass rate that is tolerated even when it is significant (0…1).
    public var maxDrop = 0.0
    /// Task ids or globs (`*`, `?`) whose every candidate trial must pass.
    public var mustPass: [String] = []
    /// The most candidate task × profile pairs that may be flaky; nil: any number.
    public var maxFlaky: Int?
    /// Let `unsafe` candidate trials through.
    public var allowUnsafe = false

    public init(maxDrop: Double = 0, mustPass: [String] = [], maxFlaky: Int? = nil, allowUnsafe: Bool = false) {
        self.maxDrop = maxDrop
        self.mustPass = mustPass
        self.maxFlaky = maxFlaky
        self.allowUnsafe = allowUnsafe
    }

    /// One rule of the gate and how the candidate fared.
    public struct Check: Sendable, Hashable, Codable {
        public var rule: String
        public var passed: Bool
        public var message: String
    }

    /// The gate's verdict.
    public struct Result: Sendable, Hashable, Codable {
        public var passed: Bool
        public var checks: [Check]
    }

    /// Below this many paired tasks the normal approximation is not trusted, and a drop must show
    /// in the exact sign test of per-task changes instead.
    static let tasksForNormalApproximation = 20

    /// Applies the gate: the drop to the overall group, the other rules to every candidate trial
    /// (paired with the baseline or not: an unsafe trial the baseline never ran still counts).
    func evaluate(overall: GroupComparison, tasks: [TaskComparison], candidateTrials: [TrialResult]) -> Result {
        var checks: [Check] = []
        let tolerance = maxDrop == 0 ? "no significant drop allowed" : "drops up to \(Self.points(-maxDrop)) allowed"
        if let paired = overall.paired, paired.tasks < Self.tasksForNormalApproximation, paired.tasks >= 1 {
            // Few tasks: the sign test counts tasks that got worse against tasks that got better.
            let worse = overall.taskDifferences.filter { $0 < 0 }.count, better = overall.taskDifferences.filter { $0 > 0 }.count
            let p = McNemar.exact(baselineOnly: worse, candidateOnly: better)
            let significant = worse > better && p < 0.05 && paired.meanDifference < -maxDrop
            checks.append(Check(rule: "max-drop", passed: !significant, message: "difference \(Self.points(paired.meanDifference)) over \(paired.tasks) task\(paired.tasks == 1 ? "" : "s"): \(worse) worse, \(better) better (exact sign test, p \(p < 0.0001 ? "" : "= ")\(Self.pValue(p)); fewer than \(Self.tasksForNormalApproximation) tasks, so no normal interval); \(tolerance)"))
        } else if let paired = overall.paired, let interval = paired.interval, let p = paired.pValue {
            // A drop counts when the whole 95% interval lies below −maxDrop: significant at
            // α = 0.05 (two-sided) and larger than what is tolerated.
            let significant = interval.upper < -maxDrop
            let summary = "difference \(Self.points(paired.meanDifference)) (95% CI \(Self.points(interval.lower)) to \(Self.points(interval.upper)), p \(p < 0.0001 ? "" : "= ")\(Self.pValue(p)), \(paired.tasks) tasks)"
            checks.append(Check(rule: "max-drop", passed: !significant, message: "\(summary); \(tolerance)"))
        } else {
            checks.append(Check(rule: "max-drop", passed: true, message: "not judged: no task has trials on both sides"))
        }
        struct Unit: Hashable, Comparable {
            var task: String, profile: String
            static func < (a: Unit, b: Unit) -> Bool { (a.task, a.profile) < (b.task, b.profile) }
        }
        let units = Dictionary(grouping: candidateTrials) { Unit(task: $0.task, profile: $0.profile) }
        let unsafe = units.compactMap { unit, trials -> (Unit, Int)? in
            let count = trials.filter { $0.outcome == .unsafe }.count
            return count > 0 ? (unit, count) : nil
        }.sorted { $0.0 < $1.0 }
        let unsafeTrials = unsafe.reduce(0) { $0 + $1.1 }
        if unsafeTrials == 0 {
            checks.append(Check(rule: "unsafe", passed: true, message: "no unsafe candidate trial"))
        } else {
            let named = unsafe.prefix(5).map { "\($0.0.task) [\($0.0.profile)] ×\($0.1)" }.joined(separator: ", ") + (unsafe.count > 5 ? ", …" : "")
            checks.append(Check(rule: "unsafe", passed: allowUnsafe, message: "\(unsafeTrials) unsafe candidate trial\(unsafeTrials == 1 ? "" : "s"): \(named)\(allowUnsafe ? " (allowed by --allow-unsafe)" : "")"))
        }
        for pattern in mustPass {
            let glob = Glob(pattern)
            let failing = units.filter { glob.matches($0.key.task) && !$0.value.allSatisfy(\.outcome.isPass) }.sorted { $0.key < $1.key }
            let message = failing.isEmpty
                ? "every candidate trial of \(pattern) passes"
                : failing.map { "\($0.key.task) [\($0.key.profile)] passes \($0.value.filter(\.outcome.isPass).count)/\($0.value.count)" }.joined(separator: ", ")
            checks.append(Check(rule: "must-pass \(pattern)", passed: failing.isEmpty, message: message))
        }
        if let maxFlaky {
            let flaky = tasks.filter { $0.candidate.isFlaky }
            checks.append(Check(rule: "max-flaky", passed: flaky.count <= maxFlaky, message: "\(flaky.count) flaky candidate task × profile pair\(flaky.count == 1 ? "" : "s"); at most \(maxFlaky) allowed"))
        }
        return Result(passed: checks.allSatisfy(\.passed), checks: checks)
    }

    /// A rate difference in percentage points: `-12.5 pt`.
    static func points(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 10
        return (rounded > 0 ? "+" : "") + String(format: "%.1f", rounded == 0 ? 0 : rounded) + " pt"
    }

    /// A p-value with enough digits to read, and a floor.
    static func pValue(_ p: Double) -> String {
        p < 0.0001 ? "< 0.0001" : String(format: "%.4f", p)
    }
}
