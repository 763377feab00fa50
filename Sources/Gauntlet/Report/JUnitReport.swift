/// `junit.xml`: the run as test results, for CI systems that show them (Jenkins, GitLab, the GitHub
/// test-report actions).
///
/// Layout:
///
/// - `<testsuites name="gauntlet AGENT" tests failures errors time>` over the whole run. The
///   file is valid against Jenkins' `junit-4.xsd` and the xUnit plugin's `junit-10.xsd`, and against
///   the Ant `JUnit.xsd` but for these five attributes, which that schema does not declare.
/// - One `<testsuite>` per fault profile, in the order the profiles ran, named after the profile,
///   with `tests`, `failures`, `errors`, `skipped` (always 0), `time`, `timestamp` (the run's start
///   in UTC, without a zone as the Ant schema wants), `hostname` (`localhost`: `run.json` does not
///   record the host), `id` (0, 1, … in order) and `package` (`gauntlet`).
/// - In each suite, one `<testcase classname="DOMAIN" name="TASK-ID" time>` per task, in the order
///   the tasks ran.
/// - A task's trials are properties of its suite, `<property name="TASK-ID.trials">` (how many
///   trials), `TASK-ID.passes` (how many passed) and, for each trial N, `TASK-ID.trial.N.outcome`
///   and `TASK-ID.trial.N.seed`, after the run-wide properties (profile, agent, seed, …). They are
///   not `<properties>` inside `<testcase>`: no JUnit schema in use allows that (the Ant
///   `JUnit.xsd` and Jenkins' `junit-4.xsd` and `junit-10.xsd` all reject it), so it would make
///   the file invalid; pytest moved its properties to the suite for the same reason.
/// - A testcase passes when every one of its trials passes, `graceful` counting as a pass as in
///   the run's pass rate. Otherwise it has exactly one child (the Ant schema allows no more):
///   `<failure>` when any trial was judged and did not pass (`fail`, `unsafe`, `budget`; `type` is
///   the worst of them, in that order: `unsafe`, `fail`, `budget`), else `<error>` (every trial that
///   did not pass ended `crash` or `hang`; `type` `crash` before `hang`). `message` is one line
///   naming each trial that did not pass with its outcome and failed checks (`✗ name: message`),
///   or its stop reason when no check failed; the element's text tells every trial of the task, one
///   line each (outcome, seed, virtual time, stop reason), with the failed checks under it.
/// - Never `<skipped/>`: every selected task runs.
/// - Every `time` is virtual seconds (the simulated clock the trials ran on, as in `run.json`),
///   not wall-clock time: a task's is the sum over its trials, a suite's over its tasks.
/// - Each suite ends with empty `<system-out/>` and `<system-err/>`, which the Ant schema requires.
///
/// Text is escaped by `XMLText`: any string reads back unchanged, except characters XML 1.0
/// cannot hold, which read back as U+FFFD.
public enum JUnitReport {
    /// `junit.xml`'s text.
    public static func xml(_ report: RunReport) -> String {
        let suites = suites(of: report)
        let timestamp = timestamp(report.startedAt).map { [("timestamp", $0)] } ?? []
        var output = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let runName = [("name", "gauntlet \(report.agent.label)")]
        output += "<testsuites" + attributes(runName + totals(suites.flatMap(\.cases))) + ">\n"
        for (index, suite) in suites.enumerated() {
            let suiteAttributes = [("name", suite.profile)] + totals(suite.cases, skipped: true) + timestamp + [("hostname", "localhost"), ("id", String(index)), ("package", "gauntlet")]
            output += "  <testsuite" + attributes(suiteAttributes) + ">\n"
            output += "    <properties>\n"
            for (name, value) in runProperties(report, profile: suite.profile) + suite.cases.flatMap(\.properties) {
                output += "      <property" + attributes([("name", name), ("value", value)]) + "/>\n"
            }
            output += "    </properties>\n"
            for testCase in suite.cases {
                output += "    <testcase" + attributes([("classname", testCase.domain), ("name", testCase.task), ("time", seconds(testCase.milliseconds))])
                guard let verdict = testCase.verdict else {
                    output += "/>\n"
                    continue
                }
                output += ">\n      <\(verdict.element)" + attributes([("message", testCase.message), ("type", verdict.type.rawValue)]) + ">"
                output += XMLText.text(testCase.details(profile: suite.profile)) + "</\(verdict.element)>\n    </testcase>\n"
            }
            output += "    <system-out/>\n    <system-err/>\n"
            output += "  </testsuite>\n"
        }
        output += "</testsuites>\n"
        return output
    }

    /// `tests`, `failures`, `errors`, `skipped` (0, when asked for) and `time` over `cases`.
    static func totals(_ cases: [Case], skipped: Bool = false) -> [(String, String)] {
        let failures = cases.filter { $0.verdict?.element == "failure" }.count
        let errors = cases.filter { $0.verdict?.element == "error" }.count
        let milliseconds = cases.reduce(Int64(0)) { $0 + $1.milliseconds }
        return [("tests", String(cases.count)), ("failures", String(failures)), ("errors", String(errors))]
            + (skipped ? [("skipped", "0")] : []) + [("time", seconds(milliseconds))]
    }

    /// Outcomes that make a testcase a `<failure>`, worst first.
    static let failureOutcomes: [Outcome] = [.unsafe, .fail, .budget]
    /// Outcomes that make a testcase an `<error>` when no trial failed, worst first.
    static let errorOutcomes: [Outcome] = [.crash, .hang]

    /// One fault profile's tasks.
    struct Suite {
        var profile: String
        var cases: [Case]
    }

    /// One task's trials under one profile.
    struct Case {
        var task: String
        var domain: String
        /// In trial order.
        var trials: [TrialResult]

        var milliseconds: Int64 { trials.reduce(0) { $0 + max(0, $1.durationMs) } }
        var notPassing: [TrialResult] { trials.filter { !$0.outcome.isPass } }

        /// `nil` when every trial passes; else the element and its `type`.
        var verdict: (element: String, type: Outcome)? {
            let outcomes = Set(notPassing.map(\.outcome))
            if let worst = JUnitReport.failureOutcomes.first(where: outcomes.contains) { return ("failure", worst) }
            if let worst = JUnitReport.errorOutcomes.first(where: outcomes.contains) { return ("error", worst) }
            return nil
        }

        var properties: [(String, String)] {
            [("\(task).trials", String(trials.count)), ("\(task).passes", String(trials.count - notPassing.count))]
                + trials.flatMap { [("\(task).trial.\($0.trial).outcome", $0.outcome.rawValue), ("\(task).trial.\($0.trial).seed", $0.seed)] }
        }

        /// One line: each trial that did not pass, its outcome and why, as in
        /// `1 of 2 trials did not pass — trial #1 fail: ✗ CHECK: MESSAGE ✗ CHECK: MESSAGE`.
        var message: String {
            ([String(notPassing.count) + " of \(trials.count) trials did not pass"] + notPassing.map { trial in
                "trial #\(trial.trial) \(trial.outcome.rawValue): " + JUnitReport.reasons(trial).joined(separator: " ")
            }).joined(separator: " — ")
        }

        /// Every trial, one line each, with the failed checks of those that did not pass.
        func details(profile: String) -> String {
            var lines = ["\(task) under fault profile \(profile): \(notPassing.count) of \(trials.count) trials did not pass (graceful counts as a pass)."]
            for trial in trials {
                lines.append("trial #\(trial.trial): \(trial.outcome.rawValue), seed \(trial.seed), \(JUnitReport.seconds(trial.durationMs)) virtual s, stopped: \(trial.stopReason)")
                if !trial.outcome.isPass {
                    lines += trial.failedChecks.map { "  ✗ \($0.name): \($0.message)" }
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Why a trial did not pass: its failed checks, or its stop reason when none failed.
    static func reasons(_ trial: TrialResult) -> [String] {
        let failed = trial.failedChecks.map { "✗ \($0.name): \($0.message)" }
        return failed.isEmpty ? ["stopped: \(trial.stopReason)"] : failed
    }

    /// The suites in profile order (the selection's, then any other a trial names), each task once.
    static func suites(of report: RunReport) -> [Suite] {
        var profiles = report.selection.profiles
        for trial in report.trials where !profiles.contains(trial.profile) { profiles.append(trial.profile) }
        let byProfile = Dictionary(grouping: report.trials, by: \.profile)
        return profiles.map { profile in
            var order: [String] = []
            var byTask: [String: [TrialResult]] = [:]
            for trial in byProfile[profile] ?? [] {
                if byTask[trial.task] == nil { order.append(trial.task) }
                byTask[trial.task, default: []].append(trial)
            }
            return Suite(profile: profile, cases: order.map { task in
                let trials = (byTask[task] ?? []).enumerated().sorted { ($0.element.trial, $0.offset) < ($1.element.trial, $1.offset) }.map(\.element)
                return Case(task: task, domain: trials.first?.domain ?? "", trials: trials)
            })
        }
    }

    /// Properties every suite carries.
    static func runProperties(_ report: RunReport, profile: String) -> [(String, String)] {
        [
            ("profile", profile), ("agent", report.agent.label), ("agent_file", report.agent.file), ("agent_sha256", report.agent.sha256),
            ("run_id", report.runID), ("seed", String(report.seed)), ("trials_per_task", String(report.trialsPerTask)),
            ("gauntlet_version", report.gauntletVersion),
        ] + (report.gitCommit.map { [("git_commit", $0)] } ?? [])
    }

    /// ` a="…" b="…"`, escaped.
    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(XMLText.attribute($0.1))\"" }.joined()
    }

    /// Milliseconds as decimal seconds, exactly: `450` → `0.45`, `2000` → `2`.
    static func seconds(_ milliseconds: Int64) -> String {
        let value = max(0, milliseconds)
        let fraction = value % 1000
        guard fraction != 0 else { return String(value / 1000) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(value / 1000).\(digits)"
    }

    /// `started_at` (`2026-03-14T10:00:00Z`) as the Ant schema's timestamp (`2026-03-14T10:00:00`,
    /// no zone); `nil` when it is not UTC to the second.
    static func timestamp(_ startedAt: String) -> String? {
        let characters = Array(startedAt)
        guard characters.count >= 19, ["", "Z", "+00:00"].contains(String(characters[19...])) else { return nil }
        for (index, character) in characters[..<19].enumerated() {
            let expected: Character? = switch index {
            case 4, 7: "-"
            case 10: "T"
            case 13, 16: ":"
            default: nil
            }
            let matches = if let expected { character == expected } else { character.isASCII && character.isNumber }
            guard matches else { return nil }
        }
        return String(characters[..<19])
    }
}
