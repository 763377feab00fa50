import Testing
import AgentCore
@testable import Gauntlet

@Suite struct SummaryTableTests {
    static func trial(_ task: String, _ domain: String, _ index: Int, _ outcome: Outcome, failed: [CheckResult] = []) -> TrialResult {
        TrialResult(task: task, domain: domain, trial: index, seed: "0x\(index)", outcome: outcome,
                    checks: [CheckResult(name: "agent answered", passed: true, message: "the agent gave a final answer")] + failed,
                    steps: 3, toolCalls: 2, tokens: 100, durationMs: 450, toolPath: ["get_order"], answer: "Done.", stopReason: "answered")
    }

    static let statusCheck = CheckResult(name: "world /orders/1/status equals", passed: false, message: #"/orders/1/status: expected "refunded", found "shipped""#)
    static let pipeCheck = CheckResult(name: #"answer contains "a|b""#, passed: false, message: #"expected an answer containing "a|b", found "x""#)

    static func report(trials: [TrialResult], gate: RunReport.Gate, gitCommit: String? = "abcdef0123456789", trialsPerTask: Int = 2) -> RunReport {
        RunReport(
            schemaVersion: RunReport.currentSchemaVersion, runID: "run-1", gauntletVersion: "0.1.0",
            startedAt: "2026-03-14T10:00:00Z", finishedAt: "2026-03-14T10:01:00Z", gitCommit: gitCommit,
            agent: RunReport.AgentInfo(label: "reference", file: "Fixtures/agents/reference.json", sha256: "0123456789abcdef0123"),
            seed: 42, trialsPerTask: trialsPerTask,
            selection: RunReport.Selection(paths: ["Suites"], filters: [], tags: [], tasks: 2),
            gate: gate, summary: RunReport.Summary(results: trials), trials: trials)
    }

    static let trials = [
        trial("retail.refund", "retail", 0, .pass),
        trial("retail.refund", "retail", 1, .fail, failed: [statusCheck, pipeCheck]),
        trial("travel.book", "travel", 0, .graceful),
    ]

    @Test("the text summary is a fixed-width table, the failing trials with their checks, and the gate")
    func text() {
        let report = Self.report(trials: Self.trials, gate: RunReport.Gate(minPassRate: nil, passed: false))
        let expected = """
            domain  tasks  trials  pass  graceful  fail  unsafe  budget  crash  hang  pass rate
            retail      1       2     1         0     1       0       0      0     0      50.0%
            travel      1       1     0         1     0       0       0      0     0     100.0%
            -----------------------------------------------------------------------------------
            all         2       3     1         1     1       0       0      0     0      66.7%

            Not passing:
              FAIL retail.refund #1
                ✗ world /orders/1/status equals: /orders/1/status: expected "refunded", found "shipped"
                ✗ answer contains "a|b": expected an answer containing "a|b", found "x"

            Gate: FAILED — 2/3 trials pass (66.7%); required: every trial.
            Report: reports/run-1/ (run.json, trajectories.jsonl, summary.md, junit.xml)

            """
        #expect(SummaryTable.text(report, folder: "reports/run-1") == expected)
    }

    @Test("the Markdown summary has the same facts, with pipes in messages escaped")
    func markdown() {
        let report = Self.report(trials: Self.trials, gate: RunReport.Gate(minPassRate: nil, passed: false))
        let expected = """
            # Gauntlet run run-1

            Agent `reference` (`Fixtures/agents/reference.json`, sha256 `0123456789ab`), seed 42, 2 trials per task, commit `abcdef012345`.

            | domain | tasks | trials | pass | graceful | fail | unsafe | budget | crash | hang | pass rate |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
            | retail | 1 | 2 | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 50.0% |
            | travel | 1 | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 100.0% |
            | **all** | 2 | 3 | 1 | 1 | 1 | 0 | 0 | 0 | 0 | 66.7% |

            ## Not passing

            - **fail** `retail.refund` #1
              - `world /orders/1/status equals`: /orders/1/status: expected "refunded", found "shipped"
              - `answer contains "a|b"`: expected an answer containing "a\\|b", found "x"

            Gate: FAILED — 2/3 trials pass (66.7%); required: every trial.

            """
        #expect(SummaryTable.markdown(report) == expected)
    }

    @Test("an all-passing run has no failing section; the gate names its minimum rate")
    func allPassing() {
        let trials = [Self.trial("retail.refund", "retail", 0, .pass)]
        let report = Self.report(trials: trials, gate: RunReport.Gate(minPassRate: 0.9, passed: true), gitCommit: nil, trialsPerTask: 1)
        let markdown = SummaryTable.markdown(report)
        #expect(markdown.contains("seed 42, 1 trial per task.\n\n"))
        #expect(!markdown.contains("commit"))
        #expect(!markdown.contains("Not passing"))
        #expect(markdown.hasSuffix("\nGate: passed — 1/1 trials pass (100.0%); required: at least 90.0% and no unsafe trial.\n"))
        let text = SummaryTable.text(report, folder: "out")
        #expect(!text.contains("Not passing"))
        #expect(text.hasSuffix("\n\nGate: passed — 1/1 trials pass (100.0%); required: at least 90.0% and no unsafe trial.\nReport: out/ (run.json, trajectories.jsonl, summary.md, junit.xml)\n"))
    }

    @Test("the text summary lists at most five failed checks of a trial and counts the rest")
    func truncatesChecks() {
        let failed = (1...7).map { CheckResult(name: "check \($0)", passed: false, message: "m\($0)") }
        let report = Self.report(trials: [Self.trial("retail.refund", "retail", 3, .unsafe, failed: failed)], gate: RunReport.Gate(minPassRate: nil, passed: false))
        let text = SummaryTable.text(report, folder: "out")
        #expect(text.contains("  UNSAFE retail.refund #3\n    ✗ check 1: m1\n    ✗ check 2: m2\n    ✗ check 3: m3\n    ✗ check 4: m4\n    ✗ check 5: m5\n    … and 2 more\n"))
        #expect(!text.contains("check 6"))
        #expect(SummaryTable.markdown(report).contains("  - `check 7`: m7\n"))
    }

    @Test("percentages have one decimal, rounded", arguments: [
        (0.0, "0.0%"), (1.0, "100.0%"), (0.5, "50.0%"), (2.0 / 3.0, "66.7%"), (1.0 / 3.0, "33.3%"),
        (0.123, "12.3%"), (0.0005, "0.1%"), (0.0004, "0.0%"), (0.9, "90.0%"), (0.075, "7.5%"),
    ])
    func percent(rate: Double, expected: String) {
        #expect(SummaryTable.percent(rate) == expected)
    }
}
