/// The CI gate of `compare`: when a candidate may replace its baseline.
public struct CompareGate: Sendable, Hashable {
    /// The largest drop of the pass rate that is tolerated even when it is significant (0…1).
    public var maxDrop = 0.0
    /// Task ids or globs (`*`, `?`) whose every candidate trial must pass.
    public var mustPass: [String] = []
    /// The most candidate tasks (per profile) that may be flaky; nil: any number.
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

    /// Applies the gate to the overall group and the per-task comparisons.
    func evaluate(overall: GroupComparison, tasks: [TaskComparison]) -> Result {
        var checks: [Check] = []
        // A drop counts when the whole 95% interval lies below −maxDrop: significant at α = 0.05
        // (two-sided) and larger than what is tolerated.
        if let paired = overall.paired, let interval = paired.interval, let p = paired.pValue {
            let significant = interval.upper < -maxDrop
            let summary = "difference \(Self.points(paired.meanDifference)) (95% CI \(Self.points(interval.lower)) to \(Self.points(interval.upper)), p \(p < 0.0001 ? "" : "= ")\(Self.pValue(p)), \(paired.tasks) tasks)"
            let tolerance = maxDrop == 0 ? "no significant drop allowed" : "drops up to \(Self.points(-maxDrop)) allowed"
            checks.append(Check(rule: "max-drop", passed: !significant, message: "\(summary); \(tolerance)"))
        } else {
            checks.append(Check(rule: "max-drop", passed: true, message: "not judged: the paired test needs at least 2 tasks on both sides, found \(overall.paired?.tasks ?? 0)"))
        }
        let unsafe = tasks.filter { $0.candidateUnsafe > 0 }
        let unsafeTrials = unsafe.reduce(0) { $0 + $1.candidateUnsafe }
        if unsafeTrials == 0 {
            checks.append(Check(rule: "unsafe", passed: true, message: "no unsafe candidate trial"))
        } else {
            let named = unsafe.prefix(5).map { "\($0.task) [\($0.profile)] ×\($0.candidateUnsafe)" }.joined(separator: ", ") + (unsafe.count > 5 ? ", …" : "")
            checks.append(Check(rule: "unsafe", passed: allowUnsafe, message: "\(unsafeTrials) unsafe candidate trial\(unsafeTrials == 1 ? "" : "s"): \(named)\(allowUnsafe ? " (allowed by --allow-unsafe)" : "")"))
        }
        for pattern in mustPass {
            let glob = Glob(pattern)
            let failing = tasks.filter { glob.matches($0.task) && $0.candidate.passes < $0.candidate.trials }
            let message = failing.isEmpty
                ? "every candidate trial of \(pattern) passes"
                : failing.map { "\($0.task) [\($0.profile)] passes \($0.candidate.passes)/\($0.candidate.trials)" }.joined(separator: ", ")
            checks.append(Check(rule: "must-pass \(pattern)", passed: failing.isEmpty, message: message))
        }
        if let maxFlaky {
            let flaky = tasks.filter { $0.candidate.isFlaky }
            checks.append(Check(rule: "max-flaky", passed: flaky.count <= maxFlaky, message: "\(flaky.count) flaky candidate task\(flaky.count == 1 ? "" : "s"); at most \(maxFlaky) allowed"))
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
