/// The tasks whose tool paths changed between two runs: trials paired by task, profile and trial
/// index (the same run seed gives paired trials the same seed), and per task the most common path
/// on each side.
public struct ToolPathChanges: Sendable {
    /// One task under one profile.
    public struct Change: Sendable, Hashable {
        public var task: String
        public var profile: String
        /// Trials with the same index on both sides.
        public var pairedTrials: Int
        /// Paired trials whose tool paths differ.
        public var differingTrials: Int
        /// The first such trial index: what `diff --task --trial` should look at.
        public var firstDifferingTrial: Int?
        /// The most common path (ties: the lexicographically first) and how many trials took it.
        public var baselinePath: [String]
        public var baselinePathTrials: Int
        public var baselineTrials: Int
        public var candidatePath: [String]
        public var candidatePathTrials: Int
        public var candidateTrials: Int
        /// The aligned diff from the baseline's most common path to the candidate's.
        public var edits: [AlignedStep]

        /// Whether anything moved: a paired trial's path, or the most common path.
        public var changed: Bool { differingTrials > 0 || baselinePath != candidatePath }
    }

    public var baselineFile: String
    public var candidateFile: String
    public var baseline: RunReport
    public var candidate: RunReport
    /// The pairs whose paths changed, most differing trials first (then by task and profile).
    public var changed: [Change]
    /// The pairs compared whose paths did not change.
    public var unchanged: [Change]
    /// Differences between the runs worth knowing when reading the list.
    public var notes: [String]

    /// Every task × profile pair the two runs share (only `profile`'s when given).
    /// - Throws: when they share none.
    public init(baseline: RunTrials, candidate: RunTrials, profile: String? = nil) throws(TrajectoryInputError) {
        baselineFile = baseline.file
        candidateFile = candidate.file
        self.baseline = baseline.report
        self.candidate = candidate.report
        func key(_ result: TrialResult) -> String { result.task + "\u{1}" + result.profile }
        func keep(_ result: TrialResult) -> Bool { profile == nil || result.profile == profile }
        let before = Dictionary(grouping: baseline.report.trials.filter(keep), by: key)
        let after = Dictionary(grouping: candidate.report.trials.filter(keep), by: key)
        // Run order: profiles as the baseline ran them, tasks sorted.
        var order: [String] = []
        for result in baseline.report.trials.filter(keep) where !order.contains(result.profile) { order.append(result.profile) }
        var pairs: [Change] = []
        for key in before.keys.filter({ after[$0] != nil }) {
            pairs.append(Self.change(baseline: before[key] ?? [], candidate: after[key] ?? []))
        }
        guard !pairs.isEmpty else {
            let scope = profile.map { " under profile \"\($0)\"" } ?? ""
            throw TrajectoryInputError(
                "the runs have no task\(scope) in common (baseline: \(Self.describe(Set(before.values.compactMap(\.first?.task)))); candidate: \(Self.describe(Set(after.values.compactMap(\.first?.task)))))")
        }
        let rank = { (change: Change) in order.firstIndex(of: change.profile) ?? order.count }
        pairs.sort { a, b in
            if a.differingTrials != b.differingTrials { return a.differingTrials > b.differingTrials }
            if a.task != b.task { return a.task < b.task }
            return rank(a) < rank(b)
        }
        changed = pairs.filter(\.changed)
        unchanged = pairs.filter { !$0.changed }

        var notes: [String] = []
        if baseline.report.seed != candidate.report.seed {
            notes.append("the runs have different seeds (\(baseline.report.seed) and \(candidate.report.seed)): paired trials met different faults and model draws, so their paths may differ by chance")
        }
        let onlyBefore = Set(before.keys).subtracting(after.keys).sorted()
        let onlyAfter = Set(after.keys).subtracting(before.keys).sorted()
        for (keys, side) in [(onlyBefore, "baseline"), (onlyAfter, "candidate")] where !keys.isEmpty {
            let labels = keys.map { key in
                let parts = key.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
                return RunTrials.label(parts[0], parts.count > 1 ? parts[1] : "none")
            }
            let shown = labels.prefix(5).joined(separator: ", ") + (labels.count > 5 ? ", …" : "")
            notes.append("\(labels.count) task\(labels.count == 1 ? "" : "s") only in the \(side) run, not compared: \(shown)")
        }
        let uneven = pairs.filter { $0.baselineTrials != $0.candidateTrials }.count
        if uneven > 0 {
            notes.append("\(uneven) task\(uneven == 1 ? " has" : "s have") different trial counts in the two runs; only trials with the same index are paired")
        }
        self.notes = notes
    }

    static func change(baseline: [TrialResult], candidate: [TrialResult]) -> Change {
        let before = Dictionary(baseline.map { ($0.trial, $0.toolPath) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(candidate.map { ($0.trial, $0.toolPath) }, uniquingKeysWith: { first, _ in first })
        let paired = Set(before.keys).intersection(after.keys).sorted()
        let differing = paired.filter { before[$0] != after[$0] }
        let (baselinePath, baselineCount) = mostCommon(baseline.map(\.toolPath))
        let (candidatePath, candidateCount) = mostCommon(candidate.map(\.toolPath))
        return Change(
            task: baseline.first?.task ?? "", profile: baseline.first?.profile ?? "none",
            pairedTrials: paired.count, differingTrials: differing.count, firstDifferingTrial: differing.first,
            baselinePath: baselinePath, baselinePathTrials: baselineCount, baselineTrials: baseline.count,
            candidatePath: candidatePath, candidatePathTrials: candidateCount, candidateTrials: candidate.count,
            edits: TrajectoryAlignment.align(baselinePath, candidatePath))
    }

    /// The most common path and how many took it; ties go to the lexicographically first.
    static func mostCommon(_ paths: [[String]]) -> ([String], Int) {
        var counts: [[String]: Int] = [:]
        for path in paths { counts[path, default: 0] += 1 }
        let best = counts.min { a, b in
            a.value != b.value ? a.value > b.value : a.key.joined(separator: "\u{1}") < b.key.joined(separator: "\u{1}")
        }
        return (best?.key ?? [], best?.value ?? 0)
    }

    static func describe(_ tasks: Set<String>) -> String {
        if tasks.isEmpty { return "none" }
        let sorted = tasks.sorted()
        return sorted.prefix(3).joined(separator: ", ") + (sorted.count > 3 ? " and \(sorted.count - 3) more" : "")
    }
}
