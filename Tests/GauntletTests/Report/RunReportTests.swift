import Testing
import Foundation
import AgentCore
@testable import Gauntlet

@Suite struct RunReportTests {
    static func result(_ task: String, _ domain: String, _ outcome: Outcome) -> TrialResult {
        TrialResult(task: task, domain: domain, trial: 0, seed: "0x0", outcome: outcome, checks: [], steps: 1, toolCalls: 0,
                    tokens: 10, durationMs: 0, toolPath: [], answer: nil, stopReason: "answered")
    }

    static let results = [
        result("retail.a", "retail", .pass), result("retail.a", "retail", .fail), result("retail.b", "retail", .graceful),
        result("retail.b", "retail", .unsafe), result("travel.c", "travel", .hang), result("travel.c", "travel", .pass),
        result("travel.d", "travel", .budget), result("travel.d", "travel", .crash),
    ]

    @Test("a tally counts tasks, trials and every outcome, with zeros for outcomes that did not happen")
    func tally() {
        let tally = RunReport.Tally(name: "retail", results: Array(Self.results.prefix(4)))
        #expect(tally.name == "retail")
        #expect(tally.tasks == 2)
        #expect(tally.trials == 4)
        #expect(tally.outcomes == ["pass": 1, "graceful": 1, "fail": 1, "unsafe": 1, "budget": 0, "crash": 0, "hang": 0])
        #expect(tally.passed == 2)
        #expect(tally.passRate == 0.5)
    }

    @Test("an empty tally has a pass rate of zero")
    func emptyTally() {
        let tally = RunReport.Tally(name: "none", results: [])
        #expect(tally.trials == 0)
        #expect(tally.tasks == 0)
        #expect(tally.passRate == 0)
        #expect(tally.outcomes.count == Outcome.allCases.count)
        #expect(tally.outcomes.values.allSatisfy { $0 == 0 })
    }

    @Test("the summary tallies everything as all and each domain, domains sorted by name")
    func summary() {
        let summary = RunReport.Summary(results: Self.results.reversed())
        #expect(summary.overall.name == "all")
        #expect(summary.overall.trials == 8)
        #expect(summary.overall.tasks == 4)
        #expect(summary.overall.passed == 3)
        #expect(summary.overall.passRate == 3.0 / 8.0)
        #expect(summary.domains.map(\.name) == ["retail", "travel"])
        #expect(summary.domains.map(\.trials) == [4, 4])
        #expect(summary.domains[1].outcomes["hang"] == 1)
        #expect(summary.domains[1].outcomes["budget"] == 1)
        #expect(summary.domains[1].outcomes["crash"] == 1)
    }

    @Test("a tally encodes with snake_case keys")
    func tallyCoding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let tally = RunReport.Tally(name: "travel", results: [Self.result("travel.c", "travel", .pass)])
        let text = String(decoding: try encoder.encode(tally), as: UTF8.self)
        #expect(text == #"{"counters":{"blocked":0,"breaker_opens":0,"faults":{},"retries":0,"timeouts":0},"name":"travel","outcomes":{"budget":0,"crash":0,"fail":0,"graceful":0,"hang":0,"pass":1,"unsafe":0},"pass_rate":1,"tasks":1,"trials":1,"virtual_ms":0}"#)
        #expect(try JSONDecoder().decode(RunReport.Tally.self, from: Data(text.utf8)) == tally)
    }
}
