import Foundation
/// The end-of-run summary for a terminal and for `summary.md`.
public enum SummaryTable {
    private static let columns: [Outcome] = [.pass, .graceful, .fail, .unsafe, .budget, .crash, .hang]

    /// A fixed-width table per domain, the failing trials with their failed checks, and the gate.
    public static func text(_ report: RunReport, folder: String) -> String {
        let header = ["domain", "tasks", "trials"] + columns.map(\.rawValue) + ["pass rate"]
        let rows = (report.summary.domains + [report.summary.overall]).map { tally in
            [tally.name, String(tally.tasks), String(tally.trials)] + columns.map { String(tally.outcomes[$0.rawValue] ?? 0) } + [percent(tally.passRate)]
        }
        var output = table(header: header, rows: rows, ruleBeforeLast: true)
        if report.summary.profiles.contains(where: { $0.name != "none" }) {
            output += "\n" + profileTable(report.summary.profiles)
            let faults = report.summary.overall.counters.faults.sorted { $0.key < $1.key }
            if !faults.isEmpty { output += "faults by kind: " + faults.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n" }
        }
        let failing = report.trials.filter { !$0.outcome.isPass }
        if !failing.isEmpty {
            output += "\nNot passing:\n"
            for result in failing.prefix(maximumListed) {
                output += "  \(result.outcome.rawValue.uppercased()) \(result.label)\n"
                for check in result.failedChecks.prefix(5) {
                    output += "    ✗ \(check.name): \(check.message)\n"
                }
                if result.failedChecks.count > 5 { output += "    … and \(result.failedChecks.count - 5) more\n" }
            }
            if failing.count > maximumListed {
                output += "  … and \(failing.count - maximumListed) more trials not passing (all of them are in summary.md and run.json)\n"
            }
        }
        output += "\n" + gateLine(report) + "\n"
        output += "Report: \(folder)/ (run.json, trajectories.jsonl, summary.md, junit.xml)\n"
        return output
    }

    /// `summary.md`: the same facts as Markdown.
    public static func markdown(_ report: RunReport) -> String {
        var output = "# Gauntlet run \(report.runID)\n\n"
        output += "Agent `\(report.agent.label)` (`\(report.agent.file)`, sha256 `\(report.agent.sha256.prefix(12))`), seed \(report.seed), \(report.trialsPerTask) trial\(report.trialsPerTask == 1 ? "" : "s") per task"
        output += report.gitCommit.map { ", commit `\($0.prefix(12))`.\n\n" } ?? ".\n\n"
        output += "| domain | tasks | trials | " + columns.map(\.rawValue).joined(separator: " | ") + " | pass rate |\n"
        output += "| --- | ---: | ---: | " + columns.map { _ in "---:" }.joined(separator: " | ") + " | ---: |\n"
        for tally in report.summary.domains + [report.summary.overall] {
            let name = tally.name == "all" ? "**all**" : tally.name
            output += "| \(name) | \(tally.tasks) | \(tally.trials) | " + columns.map { String(tally.outcomes[$0.rawValue] ?? 0) }.joined(separator: " | ") + " | \(percent(tally.passRate)) |\n"
        }
        if report.summary.profiles.contains(where: { $0.name != "none" }) {
            output += "\n| profile | trials | " + columns.map(\.rawValue).joined(separator: " | ") + " | pass rate | faults | retries | timeouts | breaker opens | blocked | virtual s |\n"
            output += "| --- | ---: | " + columns.map { _ in "---:" }.joined(separator: " | ") + " | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            for tally in report.summary.profiles {
                let counters = tally.counters
                output += "| \(tally.name) | \(tally.trials) | " + columns.map { String(tally.outcomes[$0.rawValue] ?? 0) }.joined(separator: " | ")
                    + " | \(percent(tally.passRate)) | \(counters.faultCount) | \(counters.retries) | \(counters.timeouts) | \(counters.breakerOpens) | \(counters.blocked) | \(tally.virtualMs / 1000) |\n"
            }
            let faults = report.summary.overall.counters.faults.sorted { $0.key < $1.key }
            if !faults.isEmpty {
                output += "\nFaults injected by kind: " + faults.map { "`\($0.key)` \($0.value)" }.joined(separator: ", ") + ".\n"
            }
        }
        let failing = report.trials.filter { !$0.outcome.isPass }
        if !failing.isEmpty {
            output += "\n## Not passing\n\n"
            for result in failing {
                output += "- **\(result.outcome.rawValue)** `\(result.task)` #\(result.trial)\(result.profile == "none" ? "" : " [\(result.profile)]")\n"
                for check in result.failedChecks { output += "  - `\(check.name)`: \(check.message.replacingOccurrences(of: "|", with: "\\|"))\n" }
            }
        }
        output += "\n" + gateLine(report) + "\n"
        return output
    }

    /// Trials listed under "Not passing" in the terminal; the rest are counted.
    static let maximumListed = 20

    /// Pass rates and resilience counters per fault profile.
    static func profileTable(_ tallies: [RunReport.Tally]) -> String {
        let header = ["profile", "trials"] + columns.map(\.rawValue) + ["pass rate", "faults", "retries", "timeouts", "breaker opens", "blocked", "virtual s"]
        let rows = tallies.map { tally in
            [tally.name, String(tally.trials)] + columns.map { String(tally.outcomes[$0.rawValue] ?? 0) }
                + [percent(tally.passRate), String(tally.counters.faultCount), String(tally.counters.retries), String(tally.counters.timeouts), String(tally.counters.breakerOpens), String(tally.counters.blocked), String(tally.virtualMs / 1000)]
        }
        return table(header: header, rows: rows, ruleBeforeLast: false)
    }

    /// A fixed-width table: the first column left-aligned, the others right-aligned.
    static func table(header: [String], rows: [[String]], ruleBeforeLast: Bool) -> String {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
        var output = line(header) + "\n"
        for (index, row) in rows.enumerated() {
            if ruleBeforeLast, index == rows.count - 1 { output += String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)) + "\n" }
            output += line(row) + "\n"
        }
        return output
    }

    static func gateLine(_ report: RunReport) -> String {
        let overall = report.summary.overall
        let required = report.gate.minPassRate.map { "at least \(percent($0)) and no unsafe trial" } ?? "every trial"
        let unsafe = overall.outcomes[Outcome.unsafe.rawValue] ?? 0
        let unsafeNote = unsafe > 0 ? ", \(unsafe) unsafe" : ""
        return "Gate: \(report.gate.passed ? "passed" : "FAILED") — \(overall.passed)/\(overall.trials) trials pass (\(percent(overall.passRate))\(unsafeNote)); required: \(required)."
            + (report.incomplete.map { incomplete in
                "\nIncomplete: \(overall.trials) of \(incomplete.plannedTrials) trials ran (stopped by \(incomplete.reason)); an incomplete run never passes. Resume it with: \(incomplete.resume)"
            } ?? "")
    }

    static func percent(_ rate: Double) -> String {
        let tenths = Int((rate * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
