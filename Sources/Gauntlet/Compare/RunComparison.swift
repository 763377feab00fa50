import Foundation

/// Two runs side by side: paired by task and fault profile, with honest statistics, per-task
/// movement, tool-path drift and the CI gate's verdict. `--format json` writes it as is.
public struct RunComparison: Sendable, Hashable, Codable {
    /// Bumped whenever the JSON layout changes.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var baseline: Side
    public var candidate: Side
    /// Differences between the runs that the comparison reports rather than hides: seeds, suites,
    /// tasks or profiles on one side only, trial counts.
    public var notes: [String]
    /// How a task's trials become one pass or fail for McNemar's test, fixed in advance.
    public var verdictRule: TaskVerdictRule
    /// One group per fault profile both runs have, in the baseline's order, then `all`.
    public var groups: [GroupComparison]
    /// Every paired task, worst first.
    public var tasks: [TaskComparison]
    public var gate: CompareGate.Result

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case baseline, candidate, notes
        case verdictRule = "verdict_rule"
        case groups, tasks, gate
    }

    /// One run as the comparison names it.
    public struct Side: Sendable, Hashable, Codable {
        public var file: String
        public var runID: String
        public var agent: String
        public var agentSHA256: String
        public var seed: UInt64
        public var trialsPerTask: Int

        enum CodingKeys: String, CodingKey {
            case file
            case runID = "run_id"
            case agent
            case agentSHA256 = "agent_sha256"
            case seed
            case trialsPerTask = "trials_per_task"
        }

        init(_ report: RunReport, file: String) {
            self.file = file
            runID = report.runID
            agent = report.agent.label
            agentSHA256 = report.agent.sha256
            seed = report.seed
            trialsPerTask = report.trialsPerTask
        }
    }

    /// The overall group.
    public var overall: GroupComparison { groups[groups.count - 1] }

    /// Compares `candidate` with `baseline`.
    /// - Throws: `CompareError` when either run is incomplete, no task and profile is in both, or
    ///   a `mustPass` pattern names no task of the candidate.
    public init(
        baseline: RunReport, baselineFile: String = "", candidate: RunReport, candidateFile: String = "",
        gate: CompareGate = CompareGate(), rule: TaskVerdictRule = .default
    ) throws(CompareError) {
        // Missing trials are not a drop: comparing a run that stopped early would count them as
        // such, or quietly compare fewer tasks.
        for (side, report, file) in [("baseline", baseline, baselineFile), ("candidate", candidate, candidateFile)] {
            if let incomplete = report.incomplete {
                let name = file.isEmpty ? "" : " (\(file))"
                throw CompareError("the \(side) run\(name) is incomplete: \(report.trials.count) of \(incomplete.plannedTrials) trials ran (stopped by \(incomplete.reason)); finish it first with: \(incomplete.resume)")
            }
        }
        schemaVersion = Self.currentSchemaVersion
        self.baseline = Side(baseline, file: baselineFile)
        self.candidate = Side(candidate, file: candidateFile)
        verdictRule = rule
        var notes: [String] = []

        struct Key: Hashable { var task: String, profile: String }
        let before = Dictionary(grouping: baseline.trials) { Key(task: $0.task, profile: $0.profile) }
        let after = Dictionary(grouping: candidate.trials) { Key(task: $0.task, profile: $0.profile) }
        let common = Set(before.keys).intersection(after.keys)
        guard !common.isEmpty else {
            func profiles(_ report: RunReport) -> String { Set(report.trials.map(\.profile)).sorted().joined(separator: ", ") }
            throw CompareError("the runs have no task under a fault profile in common (baseline: \(Set(baseline.trials.map(\.task)).count) tasks under \(profiles(baseline)); candidate: \(Set(candidate.trials.map(\.task)).count) under \(profiles(candidate)))")
        }
        for pattern in gate.mustPass where !candidate.trials.contains(where: { Glob(pattern).matches($0.task) }) {
            throw CompareError("--must-pass \(pattern) names no task of the candidate run")
        }

        if baseline.seed != candidate.seed {
            notes.append("The runs have different seeds (\(baseline.seed) and \(candidate.seed)): tasks are paired, trials are not, so differences include trial-to-trial noise, which the statistics account for.")
        }
        let onlyBefore = Set(before.keys).subtracting(common), onlyAfter = Set(after.keys).subtracting(common)
        if !onlyBefore.isEmpty { notes.append("\(onlyBefore.count) task-profile pair\(onlyBefore.count == 1 ? " is" : "s are") only in the baseline and left out: \(Self.describe(onlyBefore.map(\.task)))") }
        if !onlyAfter.isEmpty { notes.append("\(onlyAfter.count) task-profile pair\(onlyAfter.count == 1 ? " is" : "s are") only in the candidate and left out: \(Self.describe(onlyAfter.map(\.task)))") }
        if let first = baseline.suite, let second = candidate.suite {
            let changed = Set(first.tasks.keys).intersection(second.tasks.keys).filter { first.tasks[$0] != second.tasks[$0] }
            if !changed.isEmpty { notes.append("\(changed.count) task definition\(changed.count == 1 ? "" : "s") differ between the runs (compared anyway): \(Self.describe(Array(changed)))") }
            if first.fixtures != second.fixtures { notes.append("The tool catalogs or worlds differ between the runs (compared anyway).") }
        } else {
            notes.append("A run predates suite fingerprints (run.json version 2): whether both ran the same task definitions cannot be checked.")
        }
        if baseline.trialsPerTask != candidate.trialsPerTask {
            notes.append("Trials per task differ (\(baseline.trialsPerTask) and \(candidate.trialsPerTask)): each task's pass rate is its own mean, so the paired difference stays valid; McNemar's all-trials-pass verdicts favour the side with fewer trials.")
        }
        self.notes = notes

        var tasks: [TaskComparison] = []
        for key in common {
            let first = before[key] ?? [], second = after[key] ?? []
            let firstTally = TaskTally(trials: first.count, passes: first.filter(\.outcome.isPass).count)
            let secondTally = TaskTally(trials: second.count, passes: second.filter(\.outcome.isPass).count)
            var failed: [String: Int] = [:]
            for trial in second { for check in trial.checks where !check.passed { failed[check.name, default: 0] += 1 } }
            tasks.append(TaskComparison(
                task: key.task, domain: second.first?.domain ?? "", profile: key.profile, baseline: firstTally, candidate: secondTally,
                status: TaskStatus(baseline: firstTally, candidate: secondTally),
                drift: PathDrift(baseline: first.sorted { $0.trial < $1.trial }.map(\.toolPath), candidate: second.sorted { $0.trial < $1.trial }.map(\.toolPath)),
                candidateUnsafe: second.filter { $0.outcome == .unsafe }.count, candidateFailedChecks: failed))
        }
        tasks.sort { a, b in
            (a.status.severity, a.difference, a.task, a.profile) < (b.status.severity, b.difference, b.task, b.profile)
        }
        self.tasks = tasks

        var profiles: [String] = []
        for name in baseline.selection.profiles where common.contains(where: { $0.profile == name }) && !profiles.contains(name) { profiles.append(name) }
        for key in common.sorted(by: { $0.profile < $1.profile }) where !profiles.contains(key.profile) { profiles.append(key.profile) }
        var groups: [GroupComparison] = []
        let commonSet = common
        func results(_ report: RunReport, profile: String?) -> [TrialResult] {
            report.trials.filter { commonSet.contains(Key(task: $0.task, profile: $0.profile)) && (profile == nil || $0.profile == profile) }
        }
        func pairs(_ units: [TaskComparison]) -> [PairedTally] { units.map { PairedTally(baseline: $0.baseline, candidate: $0.candidate) } }
        if profiles.count > 1 {
            for profile in profiles {
                let units = pairs(tasks.filter { $0.profile == profile })
                groups.append(GroupComparison(
                    name: profile, units: units, pairs: units,
                    baselineResults: results(baseline, profile: profile), candidateResults: results(candidate, profile: profile), rule: rule))
            }
        }
        // Overall, a task's profiles are merged into one unit: its trials under different
        // profiles share its difficulty, so counting them as separate tasks would understate the
        // error, as pooling trials does.
        let merged = Dictionary(grouping: tasks, by: \.task).keys.sorted().map { task in
            let units = tasks.filter { $0.task == task }
            return PairedTally(
                baseline: TaskTally(trials: units.reduce(0) { $0 + $1.baseline.trials }, passes: units.reduce(0) { $0 + $1.baseline.passes }),
                candidate: TaskTally(trials: units.reduce(0) { $0 + $1.candidate.trials }, passes: units.reduce(0) { $0 + $1.candidate.passes }))
        }
        groups.append(GroupComparison(name: "all", units: pairs(tasks), pairs: merged, baselineResults: results(baseline, profile: nil), candidateResults: results(candidate, profile: nil), rule: rule))
        self.groups = groups
        self.gate = gate.evaluate(overall: groups[groups.count - 1], tasks: tasks, candidateTrials: candidate.trials)
    }

    /// Up to five names, then how many more.
    static func describe(_ names: [String]) -> String {
        let unique = Array(Set(names)).sorted()
        return unique.prefix(5).joined(separator: ", ") + (unique.count > 5 ? " and \(unique.count - 5) more" : "")
    }
}
