import AgentCore

/// Two trajectories aligned event by event on their signatures (`EventSignature`), with the
/// first place they diverge.
public struct TrialDiff: Sendable {
    public var baseline: [TrajectoryEvent]
    public var candidate: [TrajectoryEvent]
    public var baselineSignatures: [EventSignature]
    public var candidateSignatures: [EventSignature]
    /// The alignment: events of the same kind may be paired as a substitution; others are a
    /// deletion and an insertion.
    public var rows: [AlignedStep]
    /// The first row that is not `same`; nil when the trajectories match event by event.
    public var firstDivergence: Int?

    /// Event kinds the diff leaves out: they record the agent's bookkeeping, not what it did, and
    /// would make a version that checkpoints differ from one that does not at every step.
    public static let bookkeeping: Set<String> = ["checkpoint_saved"]

    public init(baseline: [TrajectoryEvent], candidate: [TrajectoryEvent]) {
        self.baseline = baseline.filter { !Self.bookkeeping.contains($0.kind) }
        self.candidate = candidate.filter { !Self.bookkeeping.contains($0.kind) }
        let (baseline, candidate) = (self.baseline, self.candidate)
        baselineSignatures = baseline.map(EventSignature.init)
        candidateSignatures = candidate.map(EventSignature.init)
        rows = TrajectoryAlignment.align(baselineSignatures, candidateSignatures) { $0.kind == $1.kind }
        firstDivergence = rows.firstIndex { $0.kind != .same }
    }

    /// Whether the two match event by event (by signature: times, ids and free text aside).
    public var identical: Bool { firstDivergence == nil }

    /// Which trajectory.
    public enum Side: String, Sendable, CaseIterable {
        case baseline, candidate
    }

    public func events(_ side: Side) -> [TrajectoryEvent] {
        side == .baseline ? baseline : candidate
    }

    /// The index, on either side, of the first event at or after the divergence. Every row before
    /// it is `same`, so it is the same index on both sides.
    public var divergenceIndex: Int? { firstDivergence }

    /// What `side` did from the divergence on: its next `limit` events.
    public func next(_ side: Side, limit: Int) -> ArraySlice<TrajectoryEvent> {
        guard let start = divergenceIndex else { return [] }
        let events = events(side)
        return events[min(start, events.count)..<min(start + limit, events.count)]
    }

    /// The faults injected on `side` within `window` events before or after the divergence.
    public func faults(_ side: Side, within window: Int) -> [TrajectoryEvent] {
        guard let point = divergenceIndex else { return [] }
        let events = events(side)
        let range = max(0, point - window)..<min(events.count, point + window + 1)
        return events[range].filter { $0.kind == "fault_injected" }
    }
}

/// Two runs' versions of one trial, aligned.
public struct TrialDiffReport: Sendable {
    /// One run's side of the comparison.
    public struct Side: Sendable {
        /// The `run.json` read.
        public var file: String
        public var report: RunReport
        public var result: TrialResult
    }

    public var task: String
    public var profile: String
    public var trial: Int
    public var baseline: Side
    public var candidate: Side
    public var diff: TrialDiff
}

/// `gauntlet diff`: the tool-path changes between two runs, or one trial's two trajectories.
public enum RunDiff {
    /// The tasks whose tool paths changed between two runs (folders or `run.json` files), under
    /// every profile both have or only `profile`.
    public static func toolPaths(baseline: String, candidate: String, profile: String? = nil) throws(TrajectoryInputError) -> ToolPathChanges {
        let before = try RunTrials.load(baseline, role: "baseline")
        let after = try RunTrials.load(candidate, role: "candidate")
        if let profile {
            for run in [before, after] where !run.report.trials.contains(where: { $0.profile == profile }) {
                let known = Array(Set(run.report.trials.map(\.profile))).sorted()
                let suggestion = Spelling.closest(to: profile, among: known).map { " (did you mean \"\($0)\"?)" } ?? ""
                throw TrajectoryInputError("no trials under profile \"\(profile)\" in the \(run.name)\(suggestion); it ran under \(known.joined(separator: ", "))")
            }
        }
        return try ToolPathChanges(baseline: before, candidate: after, profile: profile)
    }

    /// Trial `trial` of `task` in both runs, aligned event by event.
    public static func trial(baseline: String, candidate: String, task: String, trial: Int, profile: String? = nil) throws(TrajectoryInputError) -> TrialDiffReport {
        let before = try RunTrials.load(baseline, role: "baseline")
        let after = try RunTrials.load(candidate, role: "candidate")
        try before.requireTask(task)
        try after.requireTask(task)
        let chosen: String
        if let profile {
            try before.requireProfile(profile, of: task)
            try after.requireProfile(profile, of: task)
            chosen = profile
        } else {
            chosen = try RunTrials.defaultProfile(of: task, in: [before, after])
        }
        let baselineResult = try before.trial(trial, of: task, profile: chosen)
        let candidateResult = try after.trial(trial, of: task, profile: chosen)
        let baselineEvents = try events(of: baselineResult, in: before)
        let candidateEvents = try events(of: candidateResult, in: after)
        return TrialDiffReport(
            task: task, profile: chosen, trial: trial,
            baseline: .init(file: before.file, report: before.report, result: baselineResult),
            candidate: .init(file: after.file, report: after.report, result: candidateResult),
            diff: TrialDiff(baseline: baselineEvents, candidate: candidateEvents))
    }

    /// A trial's events from the run's `trajectories.jsonl`.
    static func events(of result: TrialResult, in run: RunTrials) throws(TrajectoryInputError) -> [TrajectoryEvent] {
        let path = TrajectoryReader.path(besideRunFile: run.file)
        let lines: [TrajectoryLine]
        do throws(TrajectoryReadError) {
            lines = try TrajectoryReader.lines(in: path, task: result.task, profile: result.profile, trial: result.trial)
        } catch {
            throw TrajectoryInputError("the \(run.name) has no readable trajectories: \(error)")
        }
        guard !lines.isEmpty else {
            throw TrajectoryInputError("\(path): no events for \(result.label), though run.json lists the trial")
        }
        return lines.map(\.event)
    }
}
