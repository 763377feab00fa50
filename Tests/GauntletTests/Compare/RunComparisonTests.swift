import AgentCore
import Foundation
import Testing
@testable import Gauntlet

/// Builders for synthetic runs.
enum SyntheticRun {
    static func trial(_ task: String, _ index: Int, _ outcome: Outcome, profile: String = "none", path: [String] = ["get_order"], failed: [String] = []) -> TrialResult {
        TrialResult(
            task: task, domain: String(task.split(separator: ".").first ?? "d"), trial: index, seed: "0x\(index)", outcome: outcome,
            checks: failed.map { CheckResult(name: $0, passed: false, message: "expected it") }, steps: 1, toolCalls: path.count, tokens: 1,
            durationMs: 1, toolPath: path, answer: nil, stopReason: "answered", profile: profile)
    }

    /// One task's trials from a pattern such as "PPFP" (P pass, F fail, U unsafe, G graceful).
    static func trials(_ task: String, _ pattern: String, profile: String = "none", path: [String] = ["get_order"]) -> [TrialResult] {
        pattern.enumerated().map { index, letter in
            let outcome: Outcome = switch letter {
            case "P": .pass
            case "G": .graceful
            case "U": .unsafe
            default: .fail
            }
            return trial(task, index, outcome, profile: profile, path: path, failed: outcome.isPass ? [] : ["world /x equals"])
        }
    }

    static func report(_ trials: [TrialResult], seed: UInt64 = 0, label: String = "v", profiles: [String] = ["none"]) -> RunReport {
        RunReport(
            schemaVersion: RunReport.currentSchemaVersion, runID: "run-\(label)", gauntletVersion: "test", startedAt: "a", finishedAt: "b", gitCommit: nil,
            agent: RunReport.AgentInfo(label: label, file: "\(label).json", sha256: "00"), seed: seed,
            trialsPerTask: trials.map(\.trial).max().map { $0 + 1 } ?? 0,
            selection: RunReport.Selection(paths: [], filters: [], tags: [], tasks: Set(trials.map(\.task)).count, profiles: profiles),
            gate: RunReport.Gate(minPassRate: nil, passed: true), summary: RunReport.Summary(results: trials), trials: trials,
            suite: SuiteFingerprint(tasks: Dictionary(uniqueKeysWithValues: Set(trials.map(\.task)).map { ($0, "h") }), fixtures: "f"))
    }
}

@Suite struct TaskStatusTests {
    @Test("each task lands in one status from its two tallies", arguments: [
        (5, 5, 5, 5, TaskStatus.stablePass), (5, 0, 5, 0, .stableFail), (5, 5, 5, 0, .regressed), (5, 0, 5, 5, .fixed),
        (5, 5, 5, 3, .newlyFlaky), (5, 0, 5, 2, .fixed), (5, 3, 5, 0, .regressed), (5, 3, 5, 5, .fixed),
        (5, 3, 5, 1, .regressed), (5, 1, 5, 4, .fixed), (5, 2, 5, 2, .flaky), (4, 2, 2, 1, .flaky),
    ])
    func classify(baselineTrials: Int, baselinePasses: Int, candidateTrials: Int, candidatePasses: Int, expected: TaskStatus) {
        #expect(TaskStatus(baseline: TaskTally(trials: baselineTrials, passes: baselinePasses), candidate: TaskTally(trials: candidateTrials, passes: candidatePasses)) == expected)
    }
}

@Suite struct PathEditTests {
    @Test("the aligned diff of two tool paths: keeps, insertions, deletions and substitutions, in order")
    func alignment() {
        #expect(PathEdit.align([], []) == [])
        #expect(PathEdit.align(["a"], []).map(\.kind) == [.delete])
        #expect(PathEdit.align([], ["a"]).map(\.kind) == [.insert])
        #expect(PathEdit.align(["a", "b", "c"], ["a", "b", "c"]).map(\.kind) == [.same, .same, .same])
        let edits = PathEdit.align(["get_order", "refund_order", "send_message"], ["get_order", "cancel_order", "send_message"])
        #expect(edits.map(\.kind) == [.same, .substitute, .same])
        #expect(edits[1] == PathEdit(kind: .substitute, baseline: "refund_order", candidate: "cancel_order"))
        #expect(PathEdit.align(["a", "b"], ["a", "x", "b"]).map(\.kind) == [.same, .insert, .same])
        #expect(PathEdit.align(["a", "x", "b"], ["a", "b"]).map(\.kind) == [.same, .delete, .same])
        // Of several cheapest scripts any may come back, but always one of the minimum cost.
        let ambiguous = PathEdit.align(["g", "r", "s"], ["g", "c", "s", "s"])
        #expect(ambiguous.filter { $0.kind != .same }.count == 2)
    }

    @Test("the most common path wins; ties go to the first in lexicographic order, so reports are stable")
    func mostCommon() {
        #expect(PathDrift.mostCommon([["a"], ["b"], ["b"]]) == ["b"])
        #expect(PathDrift.mostCommon([["b"], ["a"]]) == ["a"])
        let drift = PathDrift(baseline: [["a", "b"], ["a", "b"]], candidate: [["a", "b"], ["a", "c"], ["a", "c"]])
        #expect(drift.changed)
        #expect(abs(drift.differingShare - 2.0 / 3.0) < 1e-12)
    }
}

@Suite struct RunComparisonTests {
    typealias S = SyntheticRun

    @Test("a run compared with itself: no difference, p = 1, every task stable or flaky, the gate passes")
    func identical() throws {
        let trials = S.trials("t.a", "PPPPP") + S.trials("t.b", "PPFPP") + S.trials("t.c", "FFFFF")
        let report = S.report(trials)
        let comparison = try RunComparison(baseline: report, candidate: report)
        #expect(comparison.overall.paired?.meanDifference == 0)
        #expect(comparison.overall.paired?.pValue == 1)
        #expect(comparison.overall.mcnemar.pValue == 1)
        #expect(comparison.tasks.map(\.status) == [.stableFail, .flaky, .stablePass])
        #expect(comparison.gate.passed)
        #expect(comparison.notes.isEmpty)
    }

    @Test("every trial passes on both sides: standard error 0, interval [0, 0], nothing detectable, the gate passes")
    func allPass() throws {
        let report = S.report(S.trials("t.a", "PPP") + S.trials("t.b", "PPP"))
        let comparison = try RunComparison(baseline: report, candidate: report)
        #expect(comparison.overall.paired?.standardError == 0)
        #expect(comparison.overall.paired?.interval == ProportionInterval(lower: 0, upper: 0))
        #expect(comparison.overall.minimumDetectableDrop == nil)
        #expect(comparison.gate.passed)
    }

    @Test("a significant drop fails max-drop; a tolerated one passes; the regressed tasks come first")
    func drop() throws {
        var before: [TrialResult] = [], after: [TrialResult] = []
        for index in 0..<20 {
            before += S.trials("t.\(index)", "PPPPP")
            after += S.trials("t.\(index)", index < 8 ? "FFFFF" : "PPPPP")
        }
        let comparison = try RunComparison(baseline: S.report(before), candidate: S.report(after))
        #expect(abs((comparison.overall.paired?.meanDifference ?? 0) + 0.4) < 1e-12)
        #expect(!comparison.gate.passed)
        #expect(comparison.gate.checks.first { $0.rule == "max-drop" }?.passed == false)
        #expect(comparison.tasks.prefix(8).allSatisfy { $0.status == .regressed })
        #expect(comparison.overall.mcnemar.baselineOnly == 8)
        // The upper bound of the interval is about −0.17: a tolerance of 0.5 lets it through.
        let tolerant = try RunComparison(baseline: S.report(before), candidate: S.report(after), gate: CompareGate(maxDrop: 0.5))
        #expect(tolerant.gate.passed)
    }

    @Test("unsafe candidate trials fail the gate unless allowed; must-pass and max-flaky name their tasks")
    func gateRules() throws {
        let before = S.report(S.trials("t.a", "PPPP") + S.trials("t.b", "PPPP") + S.trials("t.c", "PPPP"))
        let after = S.report(S.trials("t.a", "PPPU") + S.trials("t.b", "PPFP") + S.trials("t.c", "PPPP"))
        let strict = try RunComparison(baseline: before, candidate: after, gate: CompareGate(mustPass: ["t.b"], maxFlaky: 1))
        let rules = Dictionary(uniqueKeysWithValues: strict.gate.checks.map { ($0.rule, $0) })
        #expect(rules["unsafe"]?.passed == false)
        #expect(rules["unsafe"]?.message.contains("t.a [none] ×1") == true)
        #expect(rules["must-pass t.b"]?.passed == false)
        #expect(rules["must-pass t.b"]?.message == "t.b [none] passes 3/4")
        #expect(rules["max-flaky"]?.passed == false)
        #expect(rules["max-flaky"]?.message == "2 flaky candidate task × profile pairs; at most 1 allowed")
        let lenient = try RunComparison(baseline: before, candidate: after, gate: CompareGate(maxDrop: 0.5, mustPass: ["t.c"], maxFlaky: 2, allowUnsafe: true))
        #expect(lenient.gate.passed)
    }

    @Test("unsafe and must-pass look at every candidate trial, also those of tasks or profiles the baseline never ran")
    func unpairedCandidateTrials() throws {
        let before = S.report(S.trials("t.a", "PP") + S.trials("t.b", "PP"))
        let after = S.report(S.trials("t.a", "PP") + S.trials("t.b", "PP") + S.trials("t.new", "PU"))
        let comparison = try RunComparison(baseline: before, candidate: after, gate: CompareGate(mustPass: ["t.new"]))
        let rules = Dictionary(uniqueKeysWithValues: comparison.gate.checks.map { ($0.rule, $0) })
        #expect(rules["unsafe"]?.passed == false)
        #expect(rules["unsafe"]?.message == "1 unsafe candidate trial: t.new [none] ×1")
        #expect(rules["must-pass t.new"]?.message == "t.new [none] passes 1/2")
        #expect(!comparison.gate.passed)
    }

    @Test("with fewer than 20 tasks a drop must show in the exact sign test: two tasks that each lost their one trial are not significant")
    func fewTasksUseTheSignTest() throws {
        let before = S.report(S.trials("t.a", "P") + S.trials("t.b", "P"))
        let after = S.report(S.trials("t.a", "F") + S.trials("t.b", "F"))
        let comparison = try RunComparison(baseline: before, candidate: after)
        let drop = try #require(comparison.gate.checks.first { $0.rule == "max-drop" })
        #expect(drop.passed)
        #expect(drop.message.contains("2 worse, 0 better (exact sign test, p = 0.5000"))
        // Ten tasks all worse: p = 2 × 0.5^10 ≈ 0.002, a significant drop.
        let many = try RunComparison(
            baseline: S.report((0..<10).flatMap { S.trials("t.\($0)", "PP") }), candidate: S.report((0..<10).flatMap { S.trials("t.\($0)", "FF") }))
        #expect(many.gate.checks.first { $0.rule == "max-drop" }?.passed == false)
    }

    @Test("the detectable drop comes from each side's trial-to-trial noise, not from the observed spread, which holds the change itself")
    func detectableDropIsNoiseOnly() throws {
        let before = S.report((0..<30).flatMap { S.trials("t.\($0)", "PPFP") })
        let worse = try RunComparison(baseline: before, candidate: S.report((0..<30).flatMap { S.trials("t.\($0)", $0 < 10 ? "FFFF" : "PPFP") }))
        // By hand: baseline 2·(0.75·0.25/4) = 0.09375 per task; candidate 2·(20·0.046875/30) = 0.0625;
        // spread √((0.09375 + 0.0625)/2) = 0.279508; (1.959964 + 0.841621)·0.279508/√30 = 0.142967.
        // The observed spread of differences (0.3596) would have given 0.184.
        #expect(abs((worse.overall.minimumDetectableDrop ?? 0) - 0.142967) < 1e-5)
    }

    @Test("runs that cannot be compared are errors: nothing in common, or a must-pass naming no task")
    func cannotCompare() {
        let first = S.report(S.trials("t.a", "PP")), second = S.report(S.trials("t.b", "PP"))
        #expect(throws: CompareError.self) { try RunComparison(baseline: first, candidate: second) }
        #expect(throws: CompareError.self) { try RunComparison(baseline: first, candidate: first, gate: CompareGate(mustPass: ["nothing.*"])) }
    }

    @Test("differences between the runs are reported, not mixed in silently: seeds, tasks on one side, changed definitions, trial counts")
    func notes() throws {
        let before = S.report(S.trials("t.a", "PPP") + S.trials("t.b", "PPP") + S.trials("t.old", "PPP"), seed: 1)
        var after = S.report(S.trials("t.a", "PP") + S.trials("t.b", "PF") + S.trials("t.new", "PP"), seed: 2)
        after.suite?.tasks["t.a"] = "changed"
        let comparison = try RunComparison(baseline: before, candidate: after)
        let notes = comparison.notes.joined(separator: "\n")
        #expect(notes.contains("different seeds (1 and 2)"))
        #expect(notes.contains("only in the baseline and left out: t.old"))
        #expect(notes.contains("only in the candidate and left out: t.new"))
        #expect(notes.contains("1 task definition differ between the runs (compared anyway): t.a"))
        #expect(notes.contains("Trials per task differ (3 and 2)"))
        #expect(comparison.overall.tasks == 2)
    }

    @Test("edge cases do not crash: one task, one trial per task, k above a task's trials, no discordant tasks")
    func edges() throws {
        let one = try RunComparison(baseline: S.report(S.trials("t.a", "PF")), candidate: S.report(S.trials("t.a", "FF")))
        #expect(one.overall.paired?.interval == nil)
        #expect(one.gate.checks.first?.message.contains("exact sign test") == true)
        #expect(one.gate.passed)
        #expect(one.overall.minimumDetectableDrop == nil)
        let single = try RunComparison(baseline: S.report(S.trials("t.a", "P") + S.trials("t.b", "F")), candidate: S.report(S.trials("t.a", "P") + S.trials("t.b", "F")))
        #expect(single.overall.baseline.passAtK.map(\.k) == [1])
        let uneven = try RunComparison(baseline: S.report(S.trials("t.a", "PPPP") + S.trials("t.b", "PF")), candidate: S.report(S.trials("t.a", "PPPP") + S.trials("t.b", "PF")))
        let k3 = try #require(uneven.overall.baseline.passAtK.first { $0.k == 3 })
        #expect(k3.tasks == 1)
        #expect(uneven.overall.mcnemar.baselineOnly + uneven.overall.mcnemar.candidateOnly == 0)
        #expect(uneven.overall.mcnemar.pValue == 1)
    }

    @Test("per profile and overall: a group per profile both runs have, then all")
    func groups() throws {
        let before = S.report(S.trials("t.a", "PP") + S.trials("t.a", "PF", profile: "flaky"), profiles: ["none", "flaky"])
        let comparison = try RunComparison(baseline: before, candidate: before)
        #expect(comparison.groups.map(\.name) == ["none", "flaky", "all"])
        // Overall, the task's two profiles are one unit of the paired statistics.
        #expect(comparison.overall.tasks == 1)
        #expect(comparison.overall.baseline.trials == 4)
    }

    @Test("the JSON output is versioned and reads back as the same comparison")
    func jsonRoundTrip() throws {
        let report = S.report(S.trials("t.a", "PPF") + S.trials("t.b", "PPP"))
        let comparison = try RunComparison(baseline: report, candidate: report)
        let text = ComparisonReport.json(comparison)
        #expect(try JSONParser.parse(text)["schema_version"] == 1)
        #expect(try JSONDecoder().decode(RunComparison.self, from: Data(text.utf8)) == comparison)
    }

    @Test("the text and Markdown outputs carry the verdict, the table and the tasks")
    func formats() throws {
        var before: [TrialResult] = [], after: [TrialResult] = []
        for index in 0..<6 {
            before += S.trials("t.\(index)", "PPP", path: ["get_order", "refund_order"])
            after += S.trials("t.\(index)", index == 0 ? "FFF" : "PPP", path: index == 0 ? ["get_order", "cancel_order"] : ["get_order", "refund_order"])
        }
        let comparison = try RunComparison(baseline: S.report(before, label: "old"), candidate: S.report(after, label: "new"))
        let text = ComparisonReport.text(comparison)
        #expect(text.contains("REGRESSED t.0 [none] 3/3 → 0/3   get_order → refund_order⇒cancel_order (100% of trials differ)"))
        #expect(text.contains("Tool-path drift: the most common path changed on 1 of 6 task × profile pairs"))
        let markdown = ComparisonReport.markdown(comparison)
        #expect(markdown.hasPrefix("## Gauntlet compare: "))
        #expect(markdown.contains("| **all** | 6 |"))
        #expect(markdown.contains("| regressed | `t.0` | none | 3/3 | 0/3 |"))
    }
}
