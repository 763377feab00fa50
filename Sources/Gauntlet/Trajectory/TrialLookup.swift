import AgentCore

/// A reason `diff` or `replay` cannot do what it was asked, in words (exit code 2).
public struct TrajectoryInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A run's trials by task and profile, for finding the one `diff` or `replay` is asked about and
/// saying clearly why it is not there.
public struct RunTrials: Sendable {
    public var report: RunReport
    /// The `run.json` read.
    public var file: String
    /// How messages name the run: `baseline run (a/run.json)`.
    public var name: String

    public init(report: RunReport, file: String, role: String) {
        self.report = report
        self.file = file
        name = role.isEmpty ? "run \(file)" : "\(role) run (\(file))"
    }

    /// Loads a run folder or `run.json`.
    public static func load(_ path: String, role: String = "") throws(TrajectoryInputError) -> RunTrials {
        do throws(RunReportError) {
            let (report, file) = try RunReport.load(from: path)
            return RunTrials(report: report, file: file, role: role)
        } catch {
            throw TrajectoryInputError(error.description)
        }
    }

    /// The task ids, sorted.
    public var tasks: [String] { Array(Set(report.trials.map(\.task))).sorted() }

    /// The profiles `task` ran under, in run order.
    public func profiles(of task: String) -> [String] {
        var order: [String] = []
        for result in report.trials where result.task == task && !order.contains(result.profile) { order.append(result.profile) }
        return order
    }

    /// The trials of `task` under `profile`, by index.
    public func trials(of task: String, profile: String) -> [TrialResult] {
        report.trials.filter { $0.task == task && $0.profile == profile }.sorted { $0.trial < $1.trial }
    }

    /// Fails unless the run has `task`, suggesting the closest id it has.
    public func requireTask(_ task: String) throws(TrajectoryInputError) {
        guard !report.trials.contains(where: { $0.task == task }) else { return }
        let suggestions = Self.suggestions(for: task, among: tasks)
        let suggestion = suggestions.isEmpty ? "" : " (did you mean \(suggestions.map { "\"\($0)\"" }.joined(separator: " or "))?)"
        let known = tasks.count <= 6 ? "; it has \(tasks.joined(separator: ", "))" : "; it has \(tasks.count) tasks"
        throw TrajectoryInputError("no task \"\(task)\" in the \(name)\(suggestion)\(known)")
    }

    /// Likely meant ids: the closest by spelling, or else the ids (at most 3) holding every word
    /// of `id` (words split at `.` and `_`), so `retail.refund_kettle` finds
    /// `retail.refund_damaged_kettle`.
    public static func suggestions(for id: String, among ids: [String]) -> [String] {
        if let close = Spelling.closest(to: id, among: ids) { return [close] }
        let words = id.lowercased().split(whereSeparator: { $0 == "." || $0 == "_" }).map(String.init)
        guard !words.isEmpty else { return [] }
        let matching = ids.filter { candidate in
            let theirs = Set(candidate.lowercased().split(whereSeparator: { $0 == "." || $0 == "_" }).map(String.init))
            return words.allSatisfy(theirs.contains)
        }
        return matching.count <= 3 ? matching : []
    }

    /// Fails unless `task` ran under `profile` here.
    public func requireProfile(_ profile: String, of task: String) throws(TrajectoryInputError) {
        let known = profiles(of: task)
        guard !known.contains(profile) else { return }
        let suggestion = Spelling.closest(to: profile, among: known).map { " (did you mean \"\($0)\"?)" } ?? ""
        throw TrajectoryInputError("\(task) did not run under profile \"\(profile)\" in the \(name)\(suggestion); it ran under \(known.joined(separator: ", "))")
    }

    /// The profile to use for `task` when none is given: `none` if the task ran under it in every
    /// run, else the only profile it ran under in all of them.
    public static func defaultProfile(of task: String, in runs: [RunTrials]) throws(TrajectoryInputError) -> String {
        var common = runs.first?.profiles(of: task) ?? []
        for run in runs.dropFirst() {
            let theirs = Set(run.profiles(of: task))
            common = common.filter(theirs.contains)
        }
        if common.contains("none") { return "none" }
        if common.count == 1 { return common[0] }
        if common.isEmpty {
            throw TrajectoryInputError("\(task) ran under no profile common to the runs (\(runs.map { "\($0.name): \($0.profiles(of: task).joined(separator: ", "))" }.joined(separator: "; ")))")
        }
        throw TrajectoryInputError("\(task) ran under several profiles (\(common.joined(separator: ", "))): choose one with --profile")
    }

    /// The result of trial `index` of `task` under `profile`, or a message naming the range.
    public func trial(_ index: Int, of task: String, profile: String) throws(TrajectoryInputError) -> TrialResult {
        let trials = trials(of: task, profile: profile)
        if let found = trials.first(where: { $0.trial == index }) { return found }
        throw TrajectoryInputError("trial \(index) is out of range: \(Self.label(task, profile)) has \(Self.describe(trials.map(\.trial))) in the \(name)")
    }

    /// `task [profile]`, the profile left out when it is `none`.
    public static func label(_ task: String, _ profile: String) -> String {
        profile == "none" ? task : "\(task) [\(profile)]"
    }

    /// `trials 0–2`, `trial 0`, `no trials`, or the list when it has gaps.
    static func describe(_ indices: [Int]) -> String {
        guard let first = indices.first, let last = indices.last else { return "no trials" }
        if indices.count == 1 { return "only trial \(first)" }
        if indices == Array(first...last) { return "trials \(first)–\(last)" }
        return "trials \(indices.map(String.init).joined(separator: ", "))"
    }
}
