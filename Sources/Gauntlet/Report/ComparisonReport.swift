import AgentCore
import Foundation

/// `compare`'s output formats: a terminal table, Markdown for job summaries and PR comments, and
/// versioned JSON.
public enum ComparisonReport {
    /// How many fixed or still-flaky tasks are listed before the rest are counted; regressed,
    /// newly flaky and always-failing tasks are always listed in full.
    static let listedPerStatus = 20

    // MARK: JSON

    /// The comparison as JSON: sorted keys, two-space indentation, a final newline.
    public static func json(_ comparison: RunComparison) -> String {
        ReportJSON.pretty(comparison)
    }

    // MARK: text

    /// The comparison for a terminal.
    public static func text(_ comparison: RunComparison) -> String {
        var out = side("Baseline ", comparison.baseline) + side("Candidate", comparison.candidate)
        if !comparison.notes.isEmpty { out += "\nNotes:\n" + comparison.notes.map { "  - \($0)\n" }.joined() }
        out += "\n" + SummaryTable.table(header: ["profile", "tasks", "baseline (95% CI)", "candidate (95% CI)", "difference (95% CI)", "p", "McNemar p", "detectable drop"],
                                         rows: comparison.groups.map(groupRow), ruleBeforeLast: comparison.groups.count > 1)
        let overall = comparison.overall
        out += "\n" + kTable(overall) + "\n" + outcomeTable(overall)
        out += "\n" + taskSection(comparison, markdown: false)
        out += "\n" + gateText(comparison.gate) + "\n"
        return out
    }

    static func side(_ title: String, _ side: RunComparison.Side) -> String {
        "\(title) \(side.agent) (agent sha256 \(side.agentSHA256.prefix(12)), seed \(side.seed), \(side.trialsPerTask) trial\(side.trialsPerTask == 1 ? "" : "s") per task, run \(side.runID)) \(side.file)\n"
    }

    static func groupRow(_ group: GroupComparison) -> [String] {
        let paired = group.paired
        let difference = paired.map { paired in
            CompareGate.points(paired.meanDifference) + (paired.interval.map { " (\(CompareGate.points($0.lower)) to \(CompareGate.points($0.upper)))" } ?? " (1 task: no interval)")
        } ?? "—"
        return [
            group.name, String(group.tasks), rate(group.baseline), rate(group.candidate), difference,
            paired?.pValue.map(CompareGate.pValue) ?? "—", CompareGate.pValue(group.mcnemar.pValue),
            group.minimumDetectableDrop.map { String(format: "%.1f pt", $0 * 100) } ?? "not estimable",
        ]
    }

    static func rate(_ summary: VersionSummary) -> String {
        let interval = summary.wilson.map { String(format: " (%.1f–%.1f)", $0.lower * 100, $0.upper * 100) } ?? ""
        return String(format: "%.1f%%", summary.passRate * 100) + interval
    }

    static func kTable(_ group: GroupComparison) -> String {
        let ks = Set(group.baseline.passAtK.map(\.k) + group.candidate.passAtK.map(\.k)).sorted()
        guard !ks.isEmpty else { return "" }
        func cells(_ metrics: [VersionSummary.KMetric]) -> [String] {
            ks.map { k in metrics.first { $0.k == k }?.value.map { String(format: "%.3f", $0) } ?? "—" }
        }
        let rows = [
            ["baseline pass@k"] + cells(group.baseline.passAtK), ["candidate pass@k"] + cells(group.candidate.passAtK),
            ["baseline pass^k"] + cells(group.baseline.passHatK), ["candidate pass^k"] + cells(group.candidate.passHatK),
        ]
        return SummaryTable.table(header: ["\(group.name)"] + ks.map { "k=\($0)" }, rows: rows, ruleBeforeLast: false)
    }

    static let outcomeColumns = Outcome.allCases.map(\.rawValue)

    static func outcomeRow(_ name: String, _ summary: VersionSummary) -> [String] {
        let counters = summary.counters
        return [name] + outcomeColumns.map { String(summary.outcomes[$0] ?? 0) }
            + [String(counters.faultCount), String(counters.retries), String(counters.timeouts), String(counters.breakerOpens), String(counters.blocked)]
    }

    static func outcomeTable(_ group: GroupComparison) -> String {
        SummaryTable.table(
            header: ["outcomes (\(group.name))"] + outcomeColumns + ["faults", "retries", "timeouts", "breaker opens", "blocked"],
            rows: [outcomeRow("baseline", group.baseline), outcomeRow("candidate", group.candidate)], ruleBeforeLast: false)
    }

    /// The tasks, worst first: every regressed, newly flaky and always-failing one; the others up
    /// to a limit; always-passing ones counted.
    static func taskSection(_ comparison: RunComparison, markdown: Bool) -> String {
        let tasks = comparison.tasks
        var counts: [TaskStatus: Int] = [:]
        for task in tasks { counts[task.status, default: 0] += 1 }
        let tally = TaskStatus.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ")
        var out = markdown ? "### Tasks, worst first\n\n\(tally) (task × profile pairs).\n\n" : "Tasks, worst first: \(tally) (task × profile pairs)\n"
        var listed: [TaskStatus: Int] = [:]
        var hidden: [TaskStatus: Int] = [:]
        if markdown { out += "| status | task | profile | baseline | candidate | tool path (baseline → candidate) |\n| --- | --- | --- | ---: | ---: | --- |\n" }
        for task in tasks where task.status != .stablePass {
            let always = [.regressed, .newlyFlaky, .stableFail].contains(task.status)
            if !always, listed[task.status, default: 0] >= listedPerStatus {
                hidden[task.status, default: 0] += 1
                continue
            }
            listed[task.status, default: 0] += 1
            let path = pathText(task.drift)
            if markdown {
                out += "| \(task.status.rawValue) | `\(task.task)` | \(task.profile) | \(task.baseline.passes)/\(task.baseline.trials) | \(task.candidate.passes)/\(task.candidate.trials) | \(path.replacingOccurrences(of: "|", with: "\\|")) |\n"
            } else {
                out += "  \(task.status.rawValue.uppercased().replacingOccurrences(of: "_", with: " ")) \(task.task) [\(task.profile)] \(task.baseline.passes)/\(task.baseline.trials) → \(task.candidate.passes)/\(task.candidate.trials)   \(path)\n"
                let failed = task.candidateFailedChecks.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(2)
                for (name, count) in failed where task.status != .fixed { out += "      ✗ \(name) (\(count) of \(task.candidate.trials))\n" }
            }
        }
        for (status, count) in hidden.sorted(by: { $0.key.severity < $1.key.severity }) {
            out += markdown ? "\n… and \(count) more \(status.rawValue) (see `--format json`).\n" : "  … and \(count) more \(status.rawValue.replacingOccurrences(of: "_", with: " ")) (see --format json)\n"
        }
        let changed = tasks.filter(\.drift.changed).count
        let share = tasks.isEmpty ? 0 : tasks.reduce(0) { $0 + $1.drift.differingShare } / Double(tasks.count)
        out += (markdown ? "\n" : "") + "Tool-path drift: the most common path changed on \(changed) of \(tasks.count) task × profile pairs; on average \(String(format: "%.1f", share * 100))% of a pair's candidate trials differ from the baseline's most common path.\n"
        return out
    }

    /// `get_order → refund_order`, or the aligned diff when the most common paths differ.
    static func pathText(_ drift: PathDrift) -> String {
        let empty = "(no calls)"
        guard drift.changed else { return drift.baselinePath.isEmpty ? empty : drift.baselinePath.joined(separator: " → ") }
        let steps = drift.edits.map { edit -> String in
            switch edit.kind {
            case .same: edit.baseline ?? ""
            case .insert: "+\(edit.candidate ?? "")"
            case .delete: "-\(edit.baseline ?? "")"
            case .substitute: "\(edit.baseline ?? "")⇒\(edit.candidate ?? "")"
            }
        }
        return steps.joined(separator: " → ") + String(format: " (%.0f%% of trials differ)", drift.differingShare * 100)
    }

    static func gateText(_ gate: CompareGate.Result) -> String {
        var out = "Gate: \(gate.passed ? "passed" : "FAILED")\n"
        for check in gate.checks { out += "  \(check.passed ? "✓" : "✗") \(check.rule): \(check.message)\n" }
        return out
    }

    // MARK: Markdown

    /// The comparison in Markdown, for a GitHub job summary or a pull-request comment.
    public static func markdown(_ comparison: RunComparison) -> String {
        var out = "## Gauntlet compare: \(comparison.gate.passed ? "✅ passed" : "❌ failed")\n\n"
        out += "Baseline `\(comparison.baseline.agent)` (seed \(comparison.baseline.seed), \(comparison.baseline.trialsPerTask) trials per task) against candidate `\(comparison.candidate.agent)` (seed \(comparison.candidate.seed), \(comparison.candidate.trialsPerTask) trials per task).\n\n"
        for check in comparison.gate.checks { out += "- \(check.passed ? "✅" : "❌") **\(check.rule)**: \(check.message.replacingOccurrences(of: "|", with: "\\|"))\n" }
        if !comparison.notes.isEmpty { out += "\n" + comparison.notes.map { "> \($0)\n>\n" }.joined().dropLast(2) + "\n" }
        out += "\n| profile | tasks | baseline (95% CI) | candidate (95% CI) | difference (95% CI) | p | McNemar p | detectable drop |\n"
        out += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        for group in comparison.groups {
            var row = groupRow(group)
            if group.name == "all" { row[0] = "**all**" }
            out += "| " + row.joined(separator: " | ") + " |\n"
        }
        out += "\nThe difference is the mean over tasks of each task's change in pass rate, with its standard error across tasks (Miller 2024, §3.1); McNemar's exact test counts a task as passing when \(comparison.verdictRule == .allTrialsPass ? "every one of its trials passes" : "most of its trials pass").\n"
        let overall = comparison.overall
        let ks = Set(overall.baseline.passAtK.map(\.k) + overall.candidate.passAtK.map(\.k)).sorted()
        if !ks.isEmpty {
            out += "\n| \(overall.name) | " + ks.map { "k=\($0)" }.joined(separator: " | ") + " |\n| --- |" + String(repeating: " ---: |", count: ks.count) + "\n"
            for (name, metrics) in [("baseline pass@k", overall.baseline.passAtK), ("candidate pass@k", overall.candidate.passAtK), ("baseline pass^k", overall.baseline.passHatK), ("candidate pass^k", overall.candidate.passHatK)] {
                out += "| \(name) | " + ks.map { k in metrics.first { $0.k == k }?.value.map { String(format: "%.3f", $0) } ?? "—" }.joined(separator: " | ") + " |\n"
            }
        }
        out += "\n| outcomes | " + (outcomeColumns + ["faults", "retries", "timeouts", "breaker opens", "blocked"]).joined(separator: " | ") + " |\n| --- |" + String(repeating: " ---: |", count: outcomeColumns.count + 5) + "\n"
        out += "| " + outcomeRow("baseline", overall.baseline).joined(separator: " | ") + " |\n"
        out += "| " + outcomeRow("candidate", overall.candidate).joined(separator: " | ") + " |\n"
        out += "\n<details><summary>Tasks and tool paths</summary>\n\n" + taskSection(comparison, markdown: true) + "\n</details>\n"
        return out
    }
}
