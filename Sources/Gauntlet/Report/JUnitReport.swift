import AgentCore

/// `junit.xml`: one `<testsuite>` per domain and one `<testcase>` per trial, for CI systems that
/// show test results (GitHub, GitLab, Jenkins).
///
/// `fail`, `unsafe` and `budget` trials are `<failure>`s (the agent was judged); `crash` and `hang`
/// are `<error>`s (the agent could not be judged). Times are the trials' virtual seconds.
public enum JUnitReport {
    public static func xml(_ report: RunReport) -> String {
        let byDomain = Dictionary(grouping: report.trials, by: \.domain)
        let total = report.trials.count
        var output = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        output += "<testsuites name=\"\(XMLText.escape("gauntlet \(report.agent.label)"))\" tests=\"\(total)\" failures=\"\(count(report.trials, failures: true))\" errors=\"\(count(report.trials, failures: false))\" time=\"\(seconds(report.trials))\">\n"
        for domain in byDomain.keys.sorted() {
            let trials = byDomain[domain] ?? []
            output += "  <testsuite name=\"\(XMLText.escape(domain))\" tests=\"\(trials.count)\" failures=\"\(count(trials, failures: true))\" errors=\"\(count(trials, failures: false))\" skipped=\"0\" time=\"\(seconds(trials))\">\n"
            output += "    <properties>\n"
            for (name, value) in [("agent", report.agent.label), ("agent_sha256", report.agent.sha256), ("seed", String(report.seed)), ("git_commit", report.gitCommit ?? "")] {
                output += "      <property name=\"\(name)\" value=\"\(XMLText.escape(value))\"/>\n"
            }
            output += "    </properties>\n"
            for trial in trials {
                let name = XMLText.escape(trial.label)
                let time = JSONWriter.format(Double(trial.durationMs) / 1000)
                output += "    <testcase classname=\"\(XMLText.escape(trial.domain))\" name=\"\(name)\" time=\"\(time)\""
                guard !trial.outcome.isPass else {
                    output += "/>\n"
                    continue
                }
                let element = [.crash, .hang].contains(trial.outcome) ? "error" : "failure"
                let failed = trial.failedChecks
                let summary = failed.first.map { "\($0.name): \($0.message)" } ?? trial.stopReason
                let details = failed.map { "✗ \($0.name): \($0.message)" }.joined(separator: "\n")
                output += ">\n      <\(element) type=\"\(trial.outcome.rawValue)\" message=\"\(XMLText.escape(summary))\">\(XMLText.escape(details.isEmpty ? trial.stopReason : details))</\(element)>\n    </testcase>\n"
            }
            output += "  </testsuite>\n"
        }
        output += "</testsuites>\n"
        return output
    }

    private static func count(_ trials: [TrialResult], failures: Bool) -> Int {
        trials.filter { !$0.outcome.isPass && ([.crash, .hang].contains($0.outcome) != failures) }.count
    }

    private static func seconds(_ trials: [TrialResult]) -> String {
        JSONWriter.format(Double(trials.reduce(0) { $0 + $1.durationMs }) / 1000)
    }
}
